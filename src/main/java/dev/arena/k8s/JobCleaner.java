package dev.arena.k8s;

import java.util.List;
import java.util.Locale;

/** {@code arena cleanup}: which of arena's Jobs match, and deleting them with their pods. */
public final class JobCleaner {
    /** completed: ended without failure; failed: ended as Failed; all: every Job, running ones too. */
    public enum Which {
        COMPLETED, FAILED, ALL;

        public static Which parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    private final Jobs jobs;

    public JobCleaner(Jobs jobs) {
        this.jobs = jobs;
    }

    public List<JobState> select(Which which, String runId) {
        return jobs.list(runId).stream().filter(j -> switch (which) {
            case COMPLETED -> j.finished() && !j.failedJob();
            case FAILED -> j.failedJob();
            case ALL -> true;
        }).toList();
    }

    public void delete(List<JobState> selected) {
        selected.forEach(j -> jobs.delete(j.name()));
    }
}
