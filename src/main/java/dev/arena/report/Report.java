package dev.arena.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code arena report} computes over one or more runs: each run on its own, every pair of
 * runs compared, and the task-by-run matrix. The JSON output is this record as it is.
 */
public record Report(int schema, Instant generatedAt, List<RunReport> runs, List<Comparison> comparisons,
                     List<TaskRow> tasks) {
    public static final int SCHEMA = 1;

    public static Report of(List<RunData> runs, Instant now) {
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            for (int j = i + 1; j < runs.size(); j++) {
                comparisons.add(Comparison.of(runs.get(i), runs.get(j)));
            }
        }
        return new Report(SCHEMA, now, runs.stream().map(RunReport::of).toList(), comparisons, TaskRow.matrix(runs));
    }
}
