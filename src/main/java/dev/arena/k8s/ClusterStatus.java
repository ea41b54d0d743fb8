package dev.arena.k8s;

import dev.arena.run.RunStatus;

import java.util.List;
import java.util.Optional;

/**
 * A run as the cluster and the bucket see it together: the Job's counts (what is running, what
 * the controller gave up on) next to the results the pods stored, and the pods that are stuck.
 */
public record ClusterStatus(JobState job, RunStatus results, List<StuckPod> stuck) {

    /** The run's status, or empty when the cluster has no Job for it (finished and cleaned up, or local). */
    public static Optional<ClusterStatus> of(Jobs jobs, RunStatus results, String runId) {
        return jobs.forRun(runId).map(job -> new ClusterStatus(job, results, job.finished() ? List.of() : jobs.stuckPods(runId)));
    }
}
