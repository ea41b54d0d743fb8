package dev.arena.report;

import dev.arena.result.TaskResult;
import dev.arena.run.RunPlan;
import dev.arena.run.WorkItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run as read from the store: its plan and the results present, grouped by task in plan order. */
public record RunData(RunPlan plan, Map<WorkItem, TaskResult> results) {

    public RunData {
        results = Map.copyOf(results);
    }

    public String runId() {
        return plan.runId();
    }

    public boolean isOracle() {
        return "oracle".equals(plan.settings().agent());
    }

    /** Every planned task with the results of its attempts in attempt order (missing attempts left out). */
    public List<TaskAttempts> tasks() {
        Map<TaskKey, TaskAttempts> byTask = new LinkedHashMap<>();
        for (WorkItem item : plan.items()) {
            TaskAttempts task = byTask.computeIfAbsent(new TaskKey(item.dataset(), item.task()),
                    key -> new TaskAttempts(key, new ArrayList<>(), new ArrayList<>()));
            task.planned().add(item);
            TaskResult result = results.get(item);
            if (result != null) {
                task.results().add(result);
            }
        }
        return List.copyOf(byTask.values());
    }

    /** The store folder of one attempt, where its patch, test output and trajectory lie. */
    public String attemptDir(TaskResult result) {
        return plan.layout().attemptDir(result.dataset(), result.taskId(), result.attempt());
    }
}
