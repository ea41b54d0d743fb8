package dev.arena.run;

import dev.arena.eval.EvalSettings;

import java.nio.file.Path;
import java.util.List;

/**
 * What the operator asked for, before it is checked against the datasets on disk.
 *
 * @param datasets names to run; empty means every dataset in {@code datasetsDir}
 * @param tasks      task ids to keep; empty means all
 * @param maxCostUsd the run's cap on model costs ({@code --max-cost}), or null for none
 */
public record RunRequest(Path datasetsDir, List<String> datasets, List<String> tasks, int passAtK,
                         String runId, EvalSettings settings, Double maxCostUsd) {
    public RunRequest {
        datasets = List.copyOf(datasets);
        tasks = List.copyOf(tasks);
    }

    /** Without a run cap. */
    public RunRequest(Path datasetsDir, List<String> datasets, List<String> tasks, int passAtK, String runId, EvalSettings settings) {
        this(datasetsDir, datasets, tasks, passAtK, runId, settings, null);
    }
}
