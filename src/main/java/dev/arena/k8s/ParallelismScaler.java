package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.util.PatchUtils;

/**
 * {@code arena scale --parallel}: how many pods a run keeps busy at once, either the default of
 * the next runs (the {@code arena-config} ConfigMap) or a running run's Indexed Job. Both are
 * merge patches of that one field, so the Job controller's concurrent status updates and an
 * operator's other ConfigMap edits are neither lost nor in the way.
 */
public final class ParallelismScaler {
    private final Cluster cluster;
    private final Jobs jobs;

    public ParallelismScaler(Cluster cluster) {
        this.cluster = cluster;
        this.jobs = new Jobs(cluster);
    }

    /** Sets the ConfigMap's max-parallel-tasks, which runs started without --parallel use. */
    public ScaleChange defaults(int parallel, boolean dryRun) {
        check(parallel);
        String ns = cluster.namespace();
        V1ConfigMap have;
        try {
            have = cluster.core().readNamespacedConfigMap(ClusterConfig.NAME, ns).execute();
        } catch (ApiException e) {
            if (Cluster.notFound(e)) {
                throw new ArenaException(ExitCode.ENVIRONMENT, "no ConfigMap " + ClusterConfig.NAME + " in namespace " + ns
                        + "; run `arena deploy` first");
            }
            throw cluster.failure("read ConfigMap " + ClusterConfig.NAME, e);
        }
        String before = have.getData() == null ? null : have.getData().get(ClusterConfig.MAX_PARALLEL_TASKS);
        ScaleChange change = new ScaleChange("configmap " + ClusterConfig.NAME + " " + ClusterConfig.MAX_PARALLEL_TASKS,
                before == null ? "unset" : before.strip(), Integer.toString(parallel), "runs started from now on");
        if (!dryRun && change.changes()) {
            String patch = "{\"data\":{\"" + ClusterConfig.MAX_PARALLEL_TASKS + "\":\"" + parallel + "\"}}";
            mergePatch(V1ConfigMap.class, () -> cluster.core().patchNamespacedConfigMap(ClusterConfig.NAME, ns, new V1Patch(patch))
                    .buildCall(null), "patch ConfigMap " + ClusterConfig.NAME);
        }
        return change;
    }

    /** Sets the parallelism of the run's Job; a run without a Job, or whose Job ended, is bad input. */
    public ScaleChange run(String runId, int parallel, boolean dryRun) {
        check(parallel);
        JobState job = jobs.forRun(runId).orElseThrow(() -> ArenaException.usage("no Job of run " + runId + " in namespace "
                + cluster.namespace() + "; `arena cleanup status` lists the Jobs there"));
        if (job.finished()) {
            throw ArenaException.usage("the Job " + job.name() + " of run " + runId + " has ended (" + job.ended()
                    + "); only a running Job can be scaled");
        }
        // the Job controller deletes the pods above the new parallelism; Indexed Jobs start their items again later
        String note = parallel < job.active() ? "the Job controller stops " + (job.active() - parallel) + " of its " + job.active()
                + " running pods; their items start again later, as after a preemption" : "";
        ScaleChange change = new ScaleChange("job " + job.name() + " parallelism", Integer.toString(job.parallelism()),
                Integer.toString(parallel), note);
        if (!dryRun && change.changes()) {
            String patch = "{\"spec\":{\"parallelism\":" + parallel + "}}";
            mergePatch(V1Job.class, () -> cluster.batch().patchNamespacedJob(job.name(), cluster.namespace(), new V1Patch(patch))
                    .buildCall(null), "patch job " + job.name());
        }
        return change;
    }

    /** Fails with a usage error unless {@code parallel} is at least 1. */
    public static void check(int parallel) {
        if (parallel < 1) {
            throw ArenaException.usage("--parallel must be at least 1 (got " + parallel + ")");
        }
    }

    private void mergePatch(Class<?> type, PatchUtils.PatchCallFunc call, String what) {
        try {
            PatchUtils.patch(type, call, V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, cluster.batch().getApiClient());
        } catch (ApiException e) {
            throw cluster.failure(what, e);
        }
    }
}
