package dev.arena.k8s;

import dev.arena.Labels;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** arena's Jobs and their pods, found by label only; deletion takes the pods along. */
public final class Jobs {
    /** A pod pending longer than this is reported as stuck (cluster autoscaling takes a few minutes). */
    static final Duration PENDING_LIMIT = Duration.ofMinutes(10);

    private final Cluster cluster;
    private final Clock clock;

    public Jobs(Cluster cluster) {
        this(cluster, Clock.systemUTC());
    }

    /** @param clock decides when a pending pod counts as stuck (tests move it forward) */
    public Jobs(Cluster cluster, Clock clock) {
        this.cluster = cluster;
        this.clock = clock;
    }

    /** arena's Jobs in the namespace, of one run when {@code runId} is given, oldest first. */
    public List<JobState> list(String runId) {
        try {
            List<V1Job> jobs = cluster.batch().listNamespacedJob(cluster.namespace()).labelSelector(KubeNames.selector(Labels.ofRun(runId)))
                    .execute().getItems();
            return jobs.stream().map(JobState::of)
                    .sorted(Comparator.comparing(JobState::created, Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
        } catch (ApiException e) {
            throw cluster.failure("list jobs in namespace " + cluster.namespace(), e);
        }
    }

    public Optional<JobState> forRun(String runId) {
        List<JobState> jobs = list(runId);
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(jobs.size() - 1));
    }

    public List<StuckPod> stuckPods(String runId) {
        try {
            List<V1Pod> pods = cluster.core().listNamespacedPod(cluster.namespace()).labelSelector(KubeNames.selector(Labels.ofRun(runId)))
                    .execute().getItems();
            OffsetDateTime now = OffsetDateTime.now(clock);
            return pods.stream().flatMap(p -> StuckPod.diagnose(p, now, PENDING_LIMIT).stream())
                    .sorted(Comparator.comparing(StuckPod::pod)).toList();
        } catch (ApiException e) {
            throw cluster.failure("list pods of run " + runId, e);
        }
    }

    /** Deletes a Job; its pods go with it (Background propagation). Gone already counts as deleted. */
    public void delete(String jobName) {
        try {
            cluster.batch().deleteNamespacedJob(jobName, cluster.namespace()).propagationPolicy("Background").execute();
        } catch (ApiException e) {
            if (!Cluster.notFound(e)) {
                throw cluster.failure("delete job " + jobName, e);
            }
        }
    }
}
