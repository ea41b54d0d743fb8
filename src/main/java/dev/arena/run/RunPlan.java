package dev.arena.run;

import dev.arena.eval.EvalSettings;
import dev.arena.store.RunLayout;

import java.time.Instant;
import java.util.List;

/**
 * A run as planned: what to evaluate and how. Stored as {@code run.json} before any work starts,
 * so a resume, a status or a pod sees exactly the same items in the same order.
 */
public record RunPlan(int schema, String runId, Instant createdAt, String arenaVersion, int passAtK,
                      EvalSettings settings, List<DatasetRef> datasets, List<WorkItem> items) {
    public static final int SCHEMA = 1;

    public RunPlan {
        datasets = List.copyOf(datasets);
        items = List.copyOf(items);
    }

    /** A dataset as it was when the run was planned: where it was and the hash of its image context. */
    public record DatasetRef(String name, String path, String contentHash, int taskCount) {
    }

    public RunLayout layout() {
        return new RunLayout(runId, passAtK);
    }

    public String resultKey(WorkItem item) {
        return layout().resultKey(item.dataset(), item.task(), item.attempt());
    }
}
