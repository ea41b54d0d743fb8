package dev.arena.report;

import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of the task-by-run matrix: the task, then one cell per run in the report's run order
 * (null where that run did not plan the task).
 *
 * @param flipped attempt 1 passed in some run and was judged failed in another
 */
public record TaskRow(String dataset, String task, List<Cell> cells, boolean flipped) {

    /**
     * The task in one run. {@code verdict} is {@link TaskAttempts#summary()}; {@code errorKinds}
     * lists the kinds of its errored attempts; seconds and cost add up its attempts.
     */
    public record Cell(String verdict, int passed, int done, int planned, List<String> errorKinds,
                       double seconds, Double costUsd) {
        static Cell of(TaskAttempts task) {
            Double cost = null;
            double seconds = 0;
            List<String> kinds = new ArrayList<>();
            for (TaskResult r : task.results()) {
                seconds += r.durationSeconds();
                if (r.costUsd() != null) {
                    cost = (cost == null ? 0 : cost) + r.costUsd();
                }
                if (r.verdict() == Verdict.ERROR) {
                    String kind = r.errorKind() == null ? "unknown" : r.errorKind().json();
                    if (!kinds.contains(kind)) {
                        kinds.add(kind);
                    }
                }
            }
            return new Cell(task.summary(), task.passed(), task.results().size(), task.planned().size(),
                    kinds, seconds, cost);
        }
    }

    /** The rows of every task any of the runs planned, sorted by dataset and task. */
    public static List<TaskRow> matrix(List<RunData> runs) {
        Map<TaskKey, TaskAttempts[]> byTask = new TreeMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (TaskAttempts task : runs.get(i).tasks()) {
                byTask.computeIfAbsent(task.key(), k -> new TaskAttempts[runs.size()])[i] = task;
            }
        }
        List<TaskRow> rows = new ArrayList<>(byTask.size());
        byTask.forEach((key, tasks) -> {
            List<Cell> cells = new ArrayList<>();
            for (TaskAttempts t : tasks) {
                cells.add(t == null ? null : Cell.of(t));
            }
            rows.add(new TaskRow(key.dataset(), key.task(), cells, flipped(tasks)));
        });
        return rows;
    }

    private static boolean flipped(TaskAttempts[] tasks) {
        List<Verdict> judged = new ArrayList<>();
        for (TaskAttempts t : tasks) {
            Verdict v = t == null ? null : t.firstVerdict();
            if (v != null && v != Verdict.ERROR) {
                judged.add(v);
            }
        }
        return judged.stream().distinct().count() > 1;
    }
}
