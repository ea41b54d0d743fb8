package dev.arena.k8s;

import dev.arena.Labels;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobCondition;
import io.kubernetes.client.openapi.models.V1JobStatus;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What the Job controller says about a run's Job, as our own value: pod counts, the indexes
 * that completed or failed (in the controller's "1,3-5" form), and whether the Job ended.
 */
public record JobState(String name, String runId, int completions, int parallelism, int active, int succeeded, int failed,
                       String completedIndexes, String failedIndexes, String ended, OffsetDateTime created) {

    static JobState of(V1Job job) {
        V1JobStatus s = job.getStatus() == null ? new V1JobStatus() : job.getStatus();
        String runId = job.getMetadata().getLabels() == null ? null : job.getMetadata().getLabels().get(Labels.RUN_ID);
        return new JobState(job.getMetadata().getName(), runId, orZero(job.getSpec().getCompletions()),
                orZero(job.getSpec().getParallelism()), orZero(s.getActive()), orZero(s.getSucceeded()), orZero(s.getFailed()),
                orEmpty(s.getCompletedIndexes()), orEmpty(s.getFailedIndexes()), ended(s.getConditions()),
                job.getMetadata().getCreationTimestamp());
    }

    /** "Complete" or "Failed" once the Job ended, else null. */
    private static String ended(List<V1JobCondition> conditions) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream()
                .filter(c -> "True".equals(c.getStatus()) && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())))
                .map(V1JobCondition::getType).findFirst().orElse(null);
    }

    public boolean finished() {
        return ended != null;
    }

    public boolean failedJob() {
        return "Failed".equals(ended);
    }

    public int completedIndexCount() {
        return IndexRanges.count(completedIndexes);
    }

    public int failedIndexCount() {
        return IndexRanges.count(failedIndexes);
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
