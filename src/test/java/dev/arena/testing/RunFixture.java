package dev.arena.testing;

import dev.arena.Json;
import dev.arena.eval.EvalSettings;
import dev.arena.result.ErrorKind;
import dev.arena.result.ModelSettings;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;
import dev.arena.run.WorkItem;
import dev.arena.store.ArtifactStore;
import dev.arena.store.RunLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a finished run into a store the way {@code arena run} leaves it (run.json, then a
 * result.json and optional files per attempt), so report code can be tested without Docker.
 */
public final class RunFixture {
    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    private final String runId;
    private final String agent;
    private final String model;
    private final int attemptsPerTask;
    private final List<WorkItem> items = new ArrayList<>();
    private final Map<WorkItem, TaskResult> results = new LinkedHashMap<>();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private ModelSettings modelSettings = ModelSettings.NONE;
    private String systemPrompt;

    public RunFixture(String runId, String agent, String model, int attemptsPerTask) {
        this.runId = runId;
        this.agent = agent;
        this.model = model;
        this.attemptsPerTask = attemptsPerTask;
    }

    /** Plans a task with one attempt per verdict given; a null verdict leaves that attempt without a result. */
    public RunFixture task(String dataset, String task, Verdict... verdicts) {
        for (int a = 1; a <= attemptsPerTask; a++) {
            WorkItem item = new WorkItem(dataset, task, a);
            items.add(item);
            Verdict v = a <= verdicts.length ? verdicts[a - 1] : null;
            if (v != null) {
                results.put(item, result(item, v, v == Verdict.ERROR ? ErrorKind.TIMEOUT : null, 10.0, 1000, 100, 0.01));
            }
        }
        return this;
    }

    /** Replaces one attempt's result. */
    public RunFixture result(String dataset, String task, int attempt, Verdict verdict, ErrorKind kind,
                             double seconds, long inTokens, long outTokens, Double cost) {
        WorkItem item = new WorkItem(dataset, task, attempt);
        if (!items.contains(item)) {
            throw new IllegalArgumentException("plan the task first: " + item);
        }
        results.put(item, result(item, verdict, kind, seconds, inTokens, outTokens, cost));
        return this;
    }

    /** Gives one attempt's result these protected_changes. */
    public RunFixture protectedChanges(String dataset, String task, int attempt, String... paths) {
        WorkItem item = new WorkItem(dataset, task, attempt);
        TaskResult r = results.get(item);
        results.put(item, new TaskResult(r.schema(), r.runId(), r.dataset(), r.taskId(), r.attempt(), r.agent(), r.model(), r.verdict(),
                r.errorKind(), r.error(), r.failedPhase(), r.success(), r.exitCode(), r.testsPassed(), r.testsFailed(), r.testsSkipped(),
                r.totalTests(), r.testFormat(), r.tests(), List.of(paths), r.testsTimedOut(), r.startTime(), r.endTime(),
                r.durationSeconds(), r.phaseSeconds(), r.maxIterations(), r.passAtK(), r.iterations(), r.inputTokens(),
                r.outputTokens(), r.costUsd(), r.image(), r.arenaVersion()));
        return this;
    }

    /** The run's model settings, in its plan and in every result; {@code systemPrompt} must hash to the recorded sha256. */
    public RunFixture modelSettings(ModelSettings settings, String prompt) {
        modelSettings = settings;
        systemPrompt = prompt;
        results.replaceAll((item, r) -> withSettings(r));
        return this;
    }

    private TaskResult withSettings(TaskResult r) {
        return new TaskResult(r.schema(), r.runId(), r.dataset(), r.taskId(), r.attempt(), r.agent(), r.model(), r.verdict(),
                r.errorKind(), r.error(), r.failedPhase(), r.success(), r.exitCode(), r.testsPassed(), r.testsFailed(),
                r.testsSkipped(), r.totalTests(), r.testFormat(), r.tests(), r.protectedChanges(), r.testsTimedOut(), r.startTime(),
                r.endTime(), r.durationSeconds(), r.phaseSeconds(), r.maxIterations(), r.passAtK(), r.iterations(), r.inputTokens(),
                r.outputTokens(), r.costUsd(), r.image(), r.arenaVersion(), modelSettings);
    }

    /** A file beside an attempt's result, such as patch.diff or trajectory.json. */
    public RunFixture file(String dataset, String task, int attempt, String name, String content) {
        files.put(new RunLayout(runId, attemptsPerTask).attemptDir(dataset, task, attempt) + name, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public RunPlan write(ArtifactStore store) {
        RunPlan plan = layoutPlan();
        RunRepository repository = new RunRepository(store);
        repository.savePlan(plan);
        files.forEach(store::put);
        results.forEach((item, r) -> store.put(plan.resultKey(item), json(r)));
        return plan;
    }

    private RunPlan layoutPlan() {
        EvalSettings settings = EvalSettings.builder().agent(agent).model(model).modelSettings(modelSettings)
                .systemPrompt(systemPrompt).build();
        List<RunPlan.DatasetRef> refs = items.stream().map(WorkItem::dataset).distinct()
                .map(d -> new RunPlan.DatasetRef(d, "/data/" + d, "hash-" + d, 0)).toList();
        return new RunPlan(RunPlan.SCHEMA, runId, START, "test", attemptsPerTask, settings, refs, items);
    }

    private TaskResult result(WorkItem item, Verdict v, ErrorKind kind, double seconds, long in, long out, Double cost) {
        boolean ran = v != Verdict.ERROR;
        Map<String, Double> phases = new LinkedHashMap<>();
        phases.put("image", 0.1 * seconds);
        phases.put("sandbox", 0.1 * seconds);
        phases.put("agent", 0.5 * seconds);
        phases.put("grading", 0.3 * seconds);
        return withSettings(new TaskResult(TaskResult.SCHEMA, runId, item.dataset(), item.task(), item.attempt(), agent, model,
                v, kind, kind == null ? null : "went wrong: " + kind.json(), kind == null ? null : "agent",
                v == Verdict.PASSED, ran ? (v == Verdict.PASSED ? 0 : 1) : null, ran ? 3 : 0, v == Verdict.FAILED ? 1 : 0,
                0, ran ? (v == Verdict.FAILED ? 4 : 3) : 0, "pytest", List.of(), START, START.plusMillis((long) (seconds * 1000)),
                seconds, phases, 35, attemptsPerTask, 3, in, out, cost, "arena-task/" + item.dataset() + ":abc", "test"));
    }

    private static byte[] json(TaskResult r) {
        try {
            return Json.mapper().writeValueAsBytes(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
