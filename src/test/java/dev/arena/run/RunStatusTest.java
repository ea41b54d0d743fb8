package dev.arena.run;

import dev.arena.eval.EvalSettings;
import dev.arena.result.ErrorKind;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunStatusTest {

    static final EvalSettings SETTINGS = EvalSettings.builder().agent("oracle").model("model-x").build();

    static RunPlan plan(String runId, int passAtK, List<WorkItem> items) {
        List<RunPlan.DatasetRef> refs = new ArrayList<>();
        items.stream().map(WorkItem::dataset).distinct()
                .forEach(d -> refs.add(new RunPlan.DatasetRef(d, "/data/" + d, "hash-" + d,
                        (int) items.stream().filter(i -> i.dataset().equals(d) && i.attempt() == 1).count())));
        return new RunPlan(RunPlan.SCHEMA, runId, Instant.parse("2025-03-01T10:00:00Z"), "test", passAtK, SETTINGS,
                refs, items);
    }

    static TaskResult result(String runId, WorkItem item, Verdict verdict, ErrorKind kind, long in, long out, Double cost) {
        Instant start = Instant.parse("2025-03-01T10:00:00Z");
        return new TaskResult(TaskResult.SCHEMA, runId, item.dataset(), item.task(), item.attempt(), "oracle", "model-x",
                verdict, kind, kind == null ? null : "went wrong: " + kind.json(), kind == null ? null : "grade",
                verdict == Verdict.PASSED, verdict == Verdict.ERROR ? null : verdict == Verdict.PASSED ? 0 : 1,
                verdict == Verdict.PASSED ? 3 : 1, verdict == Verdict.PASSED ? 0 : 2, 0, 3, "pytest", List.of(),
                start, start.plusSeconds(12), 12.0, Map.of("agent", 4.0, "grade", 8.0), 35, 1, 2, in, out, cost,
                "arena-task/" + item.dataset() + ":abc", "test");
    }

    private static final WorkItem A1 = new WorkItem("a", "t1", 1);
    private static final WorkItem A2 = new WorkItem("a", "t2", 1);
    private static final WorkItem A3 = new WorkItem("a", "t3", 1);
    private static final WorkItem A4 = new WorkItem("a", "t4", 1);
    private static final WorkItem B1 = new WorkItem("b", "t1", 1);
    private static final WorkItem B2 = new WorkItem("b", "t2", 1);
    private static final WorkItem C1 = new WorkItem("c", "t1", 1);

    @Test
    void countsVerdictsErrorsRatesTokensAndMissing() {
        RunPlan plan = plan("run-9", 1, List.of(A1, A2, A3, A4, B1, B2, C1));
        Map<WorkItem, TaskResult> results = new HashMap<>();
        results.put(A1, result("run-9", A1, Verdict.PASSED, null, 100, 10, 0.25));
        results.put(A2, result("run-9", A2, Verdict.FAILED, null, 200, 20, null));
        results.put(A3, result("run-9", A3, Verdict.ERROR, ErrorKind.TIMEOUT, 300, 30, 0.5));
        results.put(A4, result("run-9", A4, Verdict.ERROR, ErrorKind.TIMEOUT, 0, 0, null));
        results.put(B1, result("run-9", B1, Verdict.ERROR, ErrorKind.IMAGE_BUILD, 0, 0, null));

        RunStatus s = RunStatus.of(plan, results);
        assertEquals("run-9", s.runId());
        assertEquals("oracle", s.agent());
        assertEquals("model-x", s.model());
        assertEquals(7, s.items());
        assertEquals(5, s.done());
        assertEquals(1, s.passed());
        assertEquals(1, s.failed());
        assertEquals(3, s.errors());
        assertEquals(Map.of("image_build", 1, "timeout", 2), s.errorsByKind());
        assertEquals(List.of("image_build", "timeout"), new ArrayList<>(s.errorsByKind().keySet()));
        assertEquals(600, s.inputTokens());
        assertEquals(60, s.outputTokens());
        assertEquals(0.75, s.costUsd(), 1e-12);
        assertEquals(1, s.unpricedAttempts());
        assertEquals(List.of("b/t2", "c/t1"), s.missing());
        assertFalse(s.complete());

        assertEquals(List.of("a", "b", "c"), new ArrayList<>(s.datasets().keySet()));
        assertEquals(new RunStatus.DatasetStatus(4, 4, 1, 1, 2, 0.25), s.datasets().get("a"));
        assertEquals(new RunStatus.DatasetStatus(2, 1, 0, 0, 1, 0.0), s.datasets().get("b"));
        assertEquals(new RunStatus.DatasetStatus(1, 0, 0, 0, 0, null), s.datasets().get("c"));
        assertNull(s.datasets().get("c").passRate());
    }

    @Test
    void aRunWithNoResultsHasEverythingMissing() {
        RunPlan plan = plan("r", 1, List.of(A1, B1));
        RunStatus s = RunStatus.of(plan, Map.of());
        assertEquals(2, s.items());
        assertEquals(0, s.done());
        assertEquals(Map.of(), s.errorsByKind());
        assertNull(s.costUsd());
        assertEquals(0, s.unpricedAttempts());
        assertEquals(0, s.inputTokens());
        assertEquals(List.of("a/t1", "b/t1"), s.missing());
        assertNull(s.datasets().get("a").passRate());
        assertNull(s.datasets().get("b").passRate());
    }

    @Test
    void costIsNullWhenNoResultIsPricedAndCountsUnpricedAttempts() {
        RunPlan plan = plan("r", 1, List.of(A1, A2, A3));
        RunStatus s = RunStatus.of(plan, Map.of(
                A1, result("r", A1, Verdict.PASSED, null, 10, 1, null),
                A2, result("r", A2, Verdict.PASSED, null, 0, 5, null),
                A3, result("r", A3, Verdict.FAILED, null, 0, 0, null)));
        assertNull(s.costUsd());
        assertEquals(2, s.unpricedAttempts());
        assertEquals(10, s.inputTokens());
        assertEquals(6, s.outputTokens());
        assertTrue(s.complete());
        assertEquals(new RunStatus.DatasetStatus(3, 3, 2, 1, 0, 2.0 / 3), s.datasets().get("a"));
    }

    @Test
    void aZeroPriceIsAPriceNotAMissingOne() {
        RunPlan plan = plan("r", 1, List.of(A1));
        RunStatus s = RunStatus.of(plan, Map.of(A1, result("r", A1, Verdict.PASSED, null, 10, 1, 0.0)));
        assertEquals(0.0, s.costUsd());
        assertEquals(0, s.unpricedAttempts());
    }

    @Test
    void anErrorWithoutKindIsCountedAsUnknown() {
        RunPlan plan = plan("r", 1, List.of(A1));
        RunStatus s = RunStatus.of(plan, Map.of(A1, result("r", A1, Verdict.ERROR, null, 0, 0, null)));
        assertEquals(Map.of("unknown", 1), s.errorsByKind());
        assertEquals(1, s.errors());
    }

    @Test
    void missingLabelsNameTheAttemptAfterTheFirst() {
        WorkItem first = new WorkItem("ds", "task-1", 1);
        WorkItem second = new WorkItem("ds", "task-1", 2);
        WorkItem third = new WorkItem("ds", "task-1", 3);
        RunPlan plan = plan("r", 3, List.of(first, second, third));
        RunStatus s = RunStatus.of(plan, Map.of(second, result("r", second, Verdict.PASSED, null, 0, 0, null)));
        assertEquals(List.of("ds/task-1", "ds/task-1 #3"), s.missing());
        assertEquals(new RunStatus.DatasetStatus(3, 1, 1, 0, 0, 1.0), s.datasets().get("ds"));
    }

    @Test
    void resultsOfItemsOutsideThePlanAreNotCounted() {
        RunPlan plan = plan("r", 1, List.of(A1));
        RunStatus s = RunStatus.of(plan, Map.of(
                A1, result("r", A1, Verdict.FAILED, null, 1, 1, 1.0),
                C1, result("r", C1, Verdict.PASSED, null, 1000, 1000, 9.0)));
        assertEquals(1, s.items());
        assertEquals(1, s.done());
        assertEquals(0, s.passed());
        assertEquals(1, s.inputTokens());
        assertEquals(1.0, s.costUsd());
        assertEquals(List.of("a"), new ArrayList<>(s.datasets().keySet()));
    }
}
