package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.eval.EvalSettings;
import dev.arena.result.Verdict;
import dev.arena.store.ArtifactStore;
import dev.arena.store.RunLayout;
import dev.arena.testing.FakeSandboxProvider;
import dev.arena.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.arena.testing.FakeSandboxProvider.ok;
import static dev.arena.testing.FakeSandboxProvider.result;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Executor} must do, whichever runs the items. One subclass per implementation
 * supplies the executor wired to test parts, the runs store it writes to and a way to make
 * progress on a started run: {@link LocalExecutorContractTest} (a thread pool over
 * {@link FakeSandboxProvider}) and {@code k8s.ClusterExecutorContractTest} (the mock API server
 * and an in-memory bucket, pods played by {@link PodEvaluation} on the same fake).
 * <p>
 * The datasets: {@code calc} with task-1 and task-2, {@code text} with task-1, two attempts each
 * (6 items). Every sandbox answers the oracle's {@code git apply}; the tests of calc/task-2 fail,
 * all others pass, so a finished run has 4 passed and 2 failed attempts.
 */
public abstract class ExecutorContract {
    protected static final int ATTEMPTS = 2;
    protected static final EvalSettings SETTINGS = EvalSettings.builder().agent("oracle")
            .taskTimeout(Duration.ofMinutes(20)).build();

    @TempDir
    protected Path root;
    protected Path datasets;
    /** The sandboxes every evaluation of this test runs in, whoever runs it. */
    protected final FakeSandboxProvider sandboxes = new FakeSandboxProvider()
            .on("git apply .*arena-gold\\.diff", (s, m, t) -> ok(""))
            .on("run_tests\\.sh 'task-2'", (s, m, t) -> result(1, "0 passed, 1 failed\n", ""));
    protected Executor executor;

    /** The executor under test, over {@link #sandboxes}; {@link #datasets} holds the datasets by now. */
    protected abstract Executor open() throws Exception;

    /** The store the executor keeps its runs in (run ids at its top). */
    protected abstract ArtifactStore runs();

    /** Lets a started run get on until every item has a result (the local executor did that in start). */
    protected abstract void progress(Executor.Outcome started) throws Exception;

    /**
     * Resumes {@code plan} whose {@code lost} item has no result (the others have theirs) and
     * asserts what this implementation does about it.
     */
    protected abstract void resumeAfterALostResult(RunPlan plan, WorkItem lost) throws Exception;

    @BeforeEach
    protected void setUpExecutor() throws Exception {
        datasets = root.resolve("datasets");
        Path calc = Fixtures.dataset(datasets, "calc", "COPY . ./\n", "#!/bin/sh\nsh tasks/$1/task_tests.sh\n", Map.of("value.txt", "broken\n"));
        Fixtures.task(calc, "task-1", Fixtures.FIX_VALUE_DIFF, Map.of("task_tests.sh", "grep -q fixed /app/value.txt\n"));
        Fixtures.task(calc, "task-2", Fixtures.FIX_VALUE_DIFF, Map.of("task_tests.sh", "grep -q fixed /app/value.txt\n"));
        Path text = Fixtures.dataset(datasets, "text", "COPY . ./\n", "#!/bin/sh\nsh tasks/$1/task_tests.sh\n", Map.of("value.txt", "broken\n"));
        Fixtures.task(text, "task-1", Fixtures.FIX_VALUE_DIFF, Map.of("task_tests.sh", "grep -q fixed /app/value.txt\n"));
        executor = open();
    }

    protected RunRequest request(String runId, List<String> tasks) {
        return new RunRequest(datasets, List.of(), tasks, ATTEMPTS, runId, SETTINGS);
    }

    protected Executor.Outcome start(String runId) throws InterruptedException {
        return executor.start(request(runId, List.of()));
    }

    protected RunRepository repository() {
        return new RunRepository(runs());
    }

    /** Every attempt of every planned task, in plan order, with the verdict the fake sandboxes lead to. */
    protected static Map<WorkItem, Verdict> expectedVerdicts() {
        Map<WorkItem, Verdict> expected = new LinkedHashMap<>();
        for (String[] t : new String[][] {{"calc", "task-1"}, {"calc", "task-2"}, {"text", "task-1"}}) {
            for (int a = 1; a <= ATTEMPTS; a++) {
                expected.put(new WorkItem(t[0], t[1], a), t[1].equals("task-2") ? Verdict.FAILED : Verdict.PASSED);
            }
        }
        return expected;
    }

    protected Map<WorkItem, Verdict> storedVerdicts(RunPlan plan) {
        Map<WorkItem, Verdict> verdicts = new LinkedHashMap<>();
        repository().results(plan).entrySet().stream()
                .sorted(java.util.Comparator.comparingInt(e -> plan.items().indexOf(e.getKey())))
                .forEach(e -> verdicts.put(e.getKey(), e.getValue().verdict()));
        return verdicts;
    }

    // ---- 1. start stores the plan ----

    @Test
    void startStoresThePlanOfEveryDatasetTaskAndAttempt() throws Exception {
        Executor.Outcome outcome = start("contract-start");

        assertEquals("contract-start", outcome.runId());
        assertEquals(List.copyOf(expectedVerdicts().keySet()), outcome.plan().items(), "datasets x tasks x attempts, in order");
        assertEquals(ATTEMPTS, outcome.plan().passAtK());
        assertEquals(List.of("calc", "text"), outcome.plan().datasets().stream().map(RunPlan.DatasetRef::name).toList());
        assertTrue(runs().exists("contract-start/" + RunLayout.PLAN), "run.json where RunLayout puts it");
        RunPlan stored = repository().loadPlan("contract-start");
        assertEquals(outcome.plan().items(), stored.items());
        assertEquals(SETTINGS.agent(), stored.settings().agent());
        assertEquals(runs().locate("contract-start/"), outcome.location());
        assertTrue(outcome.location().contains("contract-start"), outcome.location());
    }

    // ---- 2. status counts every item ----

    @Test
    void statusCountsEveryItemAndIsCompleteOnceEachHasAResult() throws Exception {
        Executor.Outcome outcome = start("contract-status");

        RunStatus first = executor.status("contract-status");
        assertEquals("contract-status", first.runId());
        assertEquals(6, first.items());
        assertEquals(3, first.tasks());
        assertEquals(first.items(), first.done() + first.missing().size(), "done + missing = items: " + first);

        progress(outcome);
        RunStatus done = executor.status("contract-status");
        assertTrue(done.complete(), "every item judged: " + done);
        assertEquals(List.of(), done.missing());
        assertEquals(6, done.done());
        assertEquals(4, done.passed());
        assertEquals(2, done.failed());
        assertEquals(0, done.errors());
        assertEquals(2, done.tasksPassed(), "calc/task-1 and text/task-1");
        assertEquals(new RunStatus.DatasetStatus(4, 4, 2, 2, 0, 0.5), done.datasets().get("calc"));
        assertEquals(new RunStatus.DatasetStatus(2, 2, 2, 0, 0, 1.0), done.datasets().get("text"));
        assertEquals(expectedVerdicts(), storedVerdicts(outcome.plan()));
    }

    // ---- 3. a run id is used once ----

    @Test
    void startingARunIdThatExistsIsRefusedAndLeavesTheFirstPlan() throws Exception {
        start("contract-twice");
        byte[] plan = runs().get("contract-twice/" + RunLayout.PLAN).orElseThrow();

        ArenaException e = assertThrows(ArenaException.class,
                () -> executor.start(request("contract-twice", List.of("task-1"))));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("contract-twice") && e.getMessage().contains("already exists"), e.getMessage());
        assertArrayEquals(plan, runs().get("contract-twice/" + RunLayout.PLAN).orElseThrow(), "the first run's plan is untouched");
        assertEquals(6, repository().loadPlan("contract-twice").items().size());
    }

    // ---- 4. an unknown run ----

    @Test
    void statusOfARunThatDoesNotExistIsAUsageError() {
        ArenaException e = assertThrows(ArenaException.class, () -> executor.status("no-such-run"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("no run 'no-such-run' in "), e.getMessage());
        assertFalse(runs().exists("no-such-run/" + RunLayout.PLAN), "status creates nothing");
    }

    // ---- 5. resume ----

    @Test
    void resumeAfterAResultIsLostLeavesTheOtherResultsAlone() throws Exception {
        Executor.Outcome outcome = start("contract-resume");
        progress(outcome);
        RunPlan plan = outcome.plan();
        WorkItem lost = new WorkItem("calc", "task-1", 2);
        runs().delete(plan.resultKey(lost));
        Map<WorkItem, byte[]> kept = new LinkedHashMap<>();
        for (WorkItem item : plan.items()) {
            if (!item.equals(lost)) {
                kept.put(item, runs().get(plan.resultKey(item)).orElseThrow());
            }
        }
        assertEquals(List.of(lost.label()), executor.status("contract-resume").missing());

        resumeAfterALostResult(plan, lost);

        kept.forEach((item, bytes) -> assertArrayEquals(bytes, runs().get(plan.resultKey(item)).orElseThrow(),
                item.label() + " had a result: resume must not redo it"));
    }

    @Test
    void resumeOfARunThatDoesNotExistIsAUsageError() {
        ArenaException e = assertThrows(ArenaException.class, () -> executor.resume("no-such-run", false));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertFalse(runs().exists("no-such-run/" + RunLayout.PLAN), "resume creates nothing");
    }

    // ---- 6. cancel ----

    @Test
    void cancelWithNothingRunningIsHarmless() throws Exception {
        assertDoesNotThrow(() -> executor.cancel(), "before any call");
        Executor.Outcome outcome = start("contract-cancel");
        assertDoesNotThrow(() -> executor.cancel(), "after a call returned");
        assertDoesNotThrow(() -> executor.cancel(), "twice");
        assertEquals(outcome.plan().items(), repository().loadPlan("contract-cancel").items(), "the run is still there");
    }
}
