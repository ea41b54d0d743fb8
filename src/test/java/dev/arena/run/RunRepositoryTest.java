package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.result.ErrorKind;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.store.LocalStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunRepositoryTest {

    @TempDir
    Path tmp;

    private LocalStore store;
    private RunRepository repo;

    private static final WorkItem T1 = new WorkItem("ds", "task-1", 1);
    private static final WorkItem T2 = new WorkItem("ds", "task-2", 1);
    private static final WorkItem T3 = new WorkItem("ds", "task-3", 1);

    @BeforeEach
    void setUp() {
        store = new LocalStore(tmp.resolve("runs"));
        repo = new RunRepository(store);
    }

    private void saveResult(RunPlan plan, WorkItem item, TaskResult result) throws IOException {
        store.put(plan.resultKey(item), Json.mapper().writeValueAsBytes(result));
    }

    @Test
    void aSavedPlanIsFoundAndLoadsEqual() {
        RunPlan plan = RunStatusTest.plan("run-1", 1, List.of(T1, T2));
        assertFalse(repo.exists("run-1"));
        repo.savePlan(plan);
        assertTrue(repo.exists("run-1"));
        assertTrue(Files.isRegularFile(tmp.resolve("runs/run-1/run.json")));
        assertEquals(plan, repo.loadPlan("run-1"));
        assertEquals(store, repo.store());
    }

    @Test
    void loadingAMissingRunIsAUsageError() {
        ArenaException e = assertThrows(ArenaException.class, () -> repo.loadPlan("nope"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("no run 'nope' in " + tmp.resolve("runs") + " (no run.json)", e.getMessage());
    }

    @Test
    void aCorruptPlanIsAUsageError() {
        store.put("broken/run.json", "{not json".getBytes(StandardCharsets.UTF_8));
        ArenaException e = assertThrows(ArenaException.class, () -> repo.loadPlan("broken"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot read the plan of run broken: "), e.getMessage());
    }

    @Test
    void savedResultsAreFoundAndEqualWhatWasWritten() throws IOException {
        RunPlan plan = RunStatusTest.plan("run-1", 1, List.of(T1, T2, T3));
        repo.savePlan(plan);
        TaskResult r1 = RunStatusTest.result("run-1", T1, Verdict.PASSED, null, 5, 6, 0.01);
        TaskResult r2 = RunStatusTest.result("run-1", T2, Verdict.ERROR, ErrorKind.MODEL_API, 7, 0, null);
        saveResult(plan, T1, r1);
        saveResult(plan, T2, r2);

        Map<WorkItem, TaskResult> results = repo.results(plan);
        assertEquals(Map.of(T1, r1, T2, r2), results);

        RunStatus status = repo.status(plan);
        assertEquals(2, status.done());
        assertEquals(1, status.passed());
        assertEquals(1, status.errors());
        assertEquals(Map.of("model_api", 1), status.errorsByKind());
        assertEquals(List.of("ds/task-3"), status.missing());
    }

    @Test
    void aCorruptResultCountsAsMissing() throws IOException {
        RunPlan plan = RunStatusTest.plan("run-1", 1, List.of(T1, T2));
        repo.savePlan(plan);
        saveResult(plan, T1, RunStatusTest.result("run-1", T1, Verdict.PASSED, null, 0, 0, null));
        store.put(plan.resultKey(T2), "{\"verdict\": \"passed\", trunc".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of(T1), List.copyOf(repo.results(plan).keySet()));
        RunStatus status = repo.status(plan);
        assertEquals(1, status.done());
        assertEquals(List.of("ds/task-2"), status.missing());
    }

    @Test
    void resultsOfItemsOutsideThePlanAreIgnored() throws IOException {
        RunPlan plan = RunStatusTest.plan("run-1", 1, List.of(T1));
        repo.savePlan(plan);
        saveResult(plan, T1, RunStatusTest.result("run-1", T1, Verdict.FAILED, null, 0, 0, null));
        // a task the plan does not hold, and a pass@k folder the pass@1 layout never reads
        store.put("run-1/ds/task-9/result.json", Json.mapper().writeValueAsBytes(
                RunStatusTest.result("run-1", new WorkItem("ds", "task-9", 1), Verdict.PASSED, null, 0, 0, null)));
        store.put("run-1/ds/task-1/attempt-2/result.json", Json.mapper().writeValueAsBytes(
                RunStatusTest.result("run-1", new WorkItem("ds", "task-1", 2), Verdict.PASSED, null, 0, 0, null)));
        // another run's result for the same item
        store.put("run-2/ds/task-1/result.json", Json.mapper().writeValueAsBytes(
                RunStatusTest.result("run-2", T1, Verdict.PASSED, null, 0, 0, null)));

        Map<WorkItem, TaskResult> results = repo.results(plan);
        assertEquals(List.of(T1), List.copyOf(results.keySet()));
        assertEquals(Verdict.FAILED, results.get(T1).verdict());
        RunStatus status = repo.status(plan);
        assertEquals(1, status.items());
        assertEquals(0, status.passed());
        assertEquals(1, status.failed());
    }

    @Test
    void passAtKResultsAreReadFromAttemptFolders() throws IOException {
        WorkItem a1 = new WorkItem("ds", "task-1", 1);
        WorkItem a2 = new WorkItem("ds", "task-1", 2);
        RunPlan plan = RunStatusTest.plan("run-k", 2, List.of(a1, a2));
        repo.savePlan(plan);
        saveResult(plan, a2, RunStatusTest.result("run-k", a2, Verdict.PASSED, null, 0, 0, null));
        assertTrue(Files.isRegularFile(tmp.resolve("runs/run-k/ds/task-1/attempt-2/result.json")));
        assertEquals(List.of(a2), List.copyOf(repo.results(plan).keySet()));
        assertEquals(List.of("ds/task-1"), repo.status(plan).missing());
    }

    @Test
    void theSpendCountsResultsSetAsideAndOnlyCostsThatAreSane() throws IOException {
        RunPlan plan = RunStatusTest.plan("run-1", 1, List.of(T1, T2, T3));
        repo.savePlan(plan);
        saveResult(plan, T1, RunStatusTest.result("run-1", T1, Verdict.ERROR, ErrorKind.INFRA, 10, 1, 0.25));
        repo.setAside(plan, T1); // --retry-errors: the 0.25 was spent all the same
        saveResult(plan, T1, RunStatusTest.result("run-1", T1, Verdict.PASSED, null, 10, 1, 0.5));
        // set aside without metadata (an older writer): its cost is read from the file
        store.put("run-1/ds/task-2/previous/result-17.json", Json.mapper().writeValueAsBytes(
                RunStatusTest.result("run-1", T2, Verdict.ERROR, ErrorKind.INFRA, 10, 1, 0.125)));
        // what a stranger with write access may leave: none of it adds anything
        store.put("run-1/ds/task-2/previous/result-18.json", "{\"verdict\": trunc".getBytes(StandardCharsets.UTF_8));
        for (String bad : List.of("Infinity", "NaN", "-4", "lots")) {
            store.put("run-1/ds/task-3/previous/result-" + bad.length() + ".json", "{}".getBytes(StandardCharsets.UTF_8),
                    Map.of("arena-verdict", "error", "arena-cost-usd", bad));
        }
        store.put("run-1/ds/task-3/previous/result-x.json", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("arena-verdict", "error", "arena-cost-usd", "7"));
        store.put("run-1/ds/task-3/previous/9/result-1.json", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("arena-verdict", "error", "arena-cost-usd", "7"));
        store.put("run-1/ds/task-9/previous/result-1.json", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("arena-verdict", "error", "arena-cost-usd", "7"));

        assertEquals(0.25 + 0.5 + 0.125, repo.spentUsd(plan), 1e-12);
        assertEquals(1, repo.status(plan).done(), "only result.json is a result");
    }

    @Test
    void theSummaryIsWrittenAsSnakeCaseJson() throws IOException {
        RunPlan plan = RunStatusTest.plan("run-1", 1, List.of(T1, T2));
        saveResult(plan, T1, RunStatusTest.result("run-1", T1, Verdict.PASSED, null, 3, 4, null));
        RunStatus status = repo.status(plan);
        repo.saveSummary(plan, status);
        var tree = Json.mapper().readTree(store.get("run-1/summary.json").orElseThrow());
        assertEquals(2, tree.get("items").asInt());
        assertEquals(1, tree.get("done").asInt());
        assertEquals(1, tree.get("passed").asInt());
        assertEquals(3, tree.get("input_tokens").asLong());
        assertEquals(1, tree.get("unpriced_attempts").asInt());
        assertTrue(tree.get("cost_usd").isNull());
        assertEquals("ds/task-2", tree.get("missing").get(0).asText());
        assertEquals(1.0, tree.get("datasets").get("ds").get("pass_rate").asDouble());
        assertEquals(status, Json.mapper().readValue(store.get("run-1/summary.json").orElseThrow(), RunStatus.class));
    }
}
