package dev.arena.report;

import dev.arena.result.ModelSettings;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything reported about one run on its own.
 *
 * @param flakyTasks   tasks whose attempts disagree (some passed, some failed)
 * @param brokenTasks  for an oracle run only: tasks the gold patch does not pass, which says
 *                     the task is broken, not that a model failed
 * @param protectedChanges attempts whose agent changed protected paths (the test harness): those
 *                     changes were not applied at grading; worth a look, as an honest fix rarely
 *                     needs them
 * @param modelSettings how the run asked its model to answer (from its plan)
 */
public record RunReport(String runId, String agent, String model, ModelSettings modelSettings, Instant createdAt, int attemptsPerTask,
                        Scores overall, Map<String, Scores> datasets, Usage usage,
                        List<String> flakyTasks, List<BrokenTask> brokenTasks, List<ProtectedChange> protectedChanges) {

    /** An attempt that changed protected paths, and which. */
    public record ProtectedChange(String task, int attempt, String verdict, List<String> paths) {
    }

    /** An attempt of the oracle that did not pass: its verdict, error kind and message. */
    public record BrokenTask(String task, int attempt, String verdict, String errorKind, String error) {
    }

    public static RunReport of(RunData run) {
        List<TaskAttempts> tasks = run.tasks();
        int k = run.plan().passAtK();
        Map<String, List<TaskAttempts>> byDataset = new LinkedHashMap<>();
        tasks.forEach(t -> byDataset.computeIfAbsent(t.key().dataset(), d -> new ArrayList<>()).add(t));
        Map<String, Scores> datasets = new LinkedHashMap<>();
        byDataset.forEach((name, list) -> datasets.put(name, Scores.of(list, k)));

        List<TaskResult> results = tasks.stream().flatMap(t -> t.results().stream()).toList();
        List<String> flaky = tasks.stream().filter(TaskAttempts::flaky).map(t -> t.key().label()).toList();
        List<BrokenTask> broken = !run.isOracle() ? List.of() : results.stream()
                .filter(r -> r.verdict() != Verdict.PASSED)
                .map(r -> new BrokenTask(r.dataset() + "/" + r.taskId(), r.attempt(), r.verdict().json(),
                        r.errorKind() == null ? null : r.errorKind().json(), r.error()))
                .toList();
        List<ProtectedChange> protectedChanges = results.stream()
                .filter(r -> r.protectedChanges() != null && !r.protectedChanges().isEmpty())
                .map(r -> new ProtectedChange(r.dataset() + "/" + r.taskId(), r.attempt(), r.verdict().json(), r.protectedChanges()))
                .toList();
        return new RunReport(run.runId(), run.plan().settings().agent(), run.plan().settings().model(),
                run.plan().settings().modelSettings(), run.plan().createdAt(), k, Scores.of(tasks, k), datasets, Usage.of(results), flaky, broken, protectedChanges);
    }
}
