package dev.arena.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.ArenaException;
import dev.arena.Json;
import dev.arena.result.ErrorKind;
import dev.arena.run.RunRepository;
import dev.arena.store.LocalStore;
import dev.arena.testing.RunFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.arena.result.Verdict.ERROR;
import static dev.arena.result.Verdict.FAILED;
import static dev.arena.result.Verdict.PASSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    @TempDir
    Path runsDir;
    LocalStore store;
    ReportService service;

    @BeforeEach
    void twoModelsOnTheSameTasks() {
        store = new LocalStore(runsDir);
        service = new ReportService(new RunRepository(store));
        new RunFixture("m1", "gladiator", "model-a", 1)
                .task("ds-a", "t1", PASSED).task("ds-a", "t2", FAILED).task("ds-a", "t3", ERROR).task("ds-a", "t4", PASSED)
                .task("ds-b", "t1", PASSED).task("ds-b", "t2")
                .result("ds-a", "t4", 1, PASSED, null, 90.0, 500, 50, null)
                .write(store);
        new RunFixture("m2", "gladiator", "model-b", 1)
                .task("ds-a", "t1", FAILED).task("ds-a", "t2", PASSED).task("ds-a", "t3", PASSED).task("ds-a", "t4", PASSED)
                .task("ds-b", "t1", FAILED).task("ds-b", "t2", FAILED)
                .write(store);
    }

    private Report report(String... runIds) {
        return service.build(service.load(List.of(runIds)));
    }

    @Test
    void scoresCountStrictlyAndValidOnlyWithTheirDenominators() {
        RunReport m1 = report("m1").runs().get(0);
        Scores all = m1.overall();
        assertEquals(6, all.tasks());
        assertEquals(5, all.done());
        assertEquals(1, all.missing());
        assertEquals(3, all.passed());
        assertEquals(1, all.failed());
        assertEquals(Map.of("timeout", 1), all.errorsByKind());
        assertEquals(Proportion.of(3, 5), all.strict());
        assertEquals(Proportion.of(3, 4), all.validOnly());
        assertEquals(Proportion.of(2, 4), m1.datasets().get("ds-a").strict());
        assertEquals(Proportion.of(2, 3), m1.datasets().get("ds-a").validOnly());
        assertEquals(Proportion.of(1, 1), m1.datasets().get("ds-b").strict());
        assertEquals(List.of(), all.passAtK(), "one attempt per task: no pass@k");
        assertEquals(List.of(), m1.brokenTasks(), "not an oracle run");
    }

    @Test
    void usageKeepsUnpricedAttemptsApartAndFindsTheSlowest() {
        Usage u = report("m1").runs().get(0).usage();
        assertEquals(4 * 1000 + 500, u.inputTokens());
        assertEquals(0.04, u.costUsd(), 1e-12);
        assertEquals(1, u.unpricedAttempts());
        assertEquals(new Usage.SlowTask("ds-a/t4", 1, 90.0), u.slowest().get(0));
        assertEquals(List.of("image", "sandbox", "agent", "grading"), List.copyOf(u.phaseSeconds().keySet()));
        assertEquals(0.5 * (4 * 10 + 90), u.phaseSeconds().get("agent"), 1e-9);
        assertEquals(10.0, u.durationSeconds().median());
        assertEquals(90.0, u.durationSeconds().max());

        new RunFixture("free", "gladiator", "local-model", 1).task("ds-a", "t1", PASSED)
                .result("ds-a", "t1", 1, PASSED, null, 5, 10, 10, null).write(store);
        Usage free = report("free").runs().get(0).usage();
        assertNull(free.costUsd(), "an unpriced model is not $0");
        assertEquals(1, free.unpricedAttempts());
    }

    @Test
    void comparisonPairsTheTasksBothRunsJudged() {
        Report r = report("m1", "m2");
        Comparison c = r.comparisons().get(0);
        assertEquals("m1", c.first());
        assertEquals(4, c.compared());
        assertEquals(2, c.notCompared(), "ds-a/t3 errored in m1, ds-b/t2 is missing in m1");
        assertEquals(1, c.bothPassed());
        assertEquals(2, c.onlyFirst());
        assertEquals(1, c.onlySecond());
        assertEquals(0, c.bothFailed());
        assertEquals(McNemar.pValue(2, 1), c.pValue());
        assertEquals(List.of(new Comparison.Flip("ds-a/t1", "passed", "failed"), new Comparison.Flip("ds-a/t2", "failed", "passed"),
                new Comparison.Flip("ds-b/t1", "passed", "failed")), c.flipped());

        assertEquals(6, r.tasks().size());
        TaskRow t3 = r.tasks().get(2);
        assertEquals("t3", t3.task());
        assertEquals("error", t3.cells().get(0).verdict());
        assertEquals(List.of("timeout"), t3.cells().get(0).errorKinds());
        assertFalse(t3.flipped(), "an error is not a flip");
        assertTrue(r.tasks().get(0).flipped());
        assertEquals("missing", r.tasks().get(5).cells().get(0).verdict());
    }

    @Test
    void threeRunsGiveThreePairs() {
        new RunFixture("m3", "gladiator", "model-c", 1).task("ds-c", "only", PASSED).write(store);
        Report r = report("m1", "m2", "m3");
        assertEquals(List.of("m1 m2", "m1 m3", "m2 m3"), r.comparisons().stream().map(c -> c.first() + " " + c.second()).toList());
        Comparison disjoint = r.comparisons().get(1);
        assertEquals(0, disjoint.compared());
        assertEquals(1.0, disjoint.pValue());
        assertEquals(7, r.tasks().size());
        assertNull(r.tasks().get(6).cells().get(0), "m1 did not plan ds-c/only");
    }

    @Test
    void passAtKAndPassHatKAverageOverTasksWithEnoughAttempts() {
        new RunFixture("k3", "gladiator", "model-a", 3)
                .task("ds-a", "t1", PASSED, PASSED, FAILED).task("ds-a", "t2", FAILED, FAILED, FAILED)
                .task("ds-a", "t3", PASSED, PASSED, PASSED).task("ds-a", "t4", ERROR, PASSED)
                .write(store);
        RunReport k3 = report("k3").runs().get(0);
        List<Scores.KScore> ks = k3.overall().passAtK();
        assertEquals(3, ks.size());
        assertEquals((2.0 / 3 + 0 + 1 + 0.5) / 4, ks.get(0).passAtK(), 1e-12);
        assertEquals(ks.get(0).passAtK(), ks.get(0).passHatK(), 1e-12, "k = 1: both are c/n");
        assertEquals(0.75, ks.get(1).passAtK(), 1e-12);
        assertEquals((1.0 / 3 + 1) / 4, ks.get(1).passHatK(), 1e-12);
        assertEquals(3, ks.get(2).tasks(), "t4 has two results, too few for k = 3");
        assertEquals(2.0 / 3, ks.get(2).passAtK(), 1e-12);
        assertEquals(1.0 / 3, ks.get(2).passHatK(), 1e-12);
        assertEquals(List.of("ds-a/t1"), k3.flakyTasks(), "t4's error is not a disagreement");
        assertEquals(11, k3.overall().done());
    }

    @Test
    void anOracleRunListsTheTasksItsGoldPatchFails() {
        new RunFixture("gold", "oracle", null, 1).task("ds-a", "t1", PASSED).task("ds-a", "t2", FAILED).task("ds-a", "t3", PASSED)
                .result("ds-a", "t3", 1, ERROR, ErrorKind.AGENT, 1, 0, 0, null)
                .write(store);
        List<RunReport.BrokenTask> broken = report("gold").runs().get(0).brokenTasks();
        assertEquals(List.of("ds-a/t2", "ds-a/t3"), broken.stream().map(RunReport.BrokenTask::task).toList());
        assertEquals("agent", broken.get(1).errorKind());
        assertEquals("went wrong: agent", broken.get(1).error());
    }

    @Test
    void attemptsThatChangedProtectedPathsAreListedInTextAndJson() throws Exception {
        new RunFixture("guarded", "m", null, 1).task("ds-a", "t1", FAILED).task("ds-a", "t2", PASSED)
                .protectedChanges("ds-a", "t1", 1, "run_tests.sh", "tests/conftest.py")
                .write(store);
        Report r = service.build(service.load(List.of("guarded")));
        List<RunReport.ProtectedChange> changes = r.runs().get(0).protectedChanges();
        assertEquals(List.of(new RunReport.ProtectedChange("ds-a/t1", 1, "failed", List.of("run_tests.sh", "tests/conftest.py"))), changes);
        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsBytes(r));
        assertEquals("tests/conftest.py", json.at("/runs/0/protected_changes/0/paths/1").asText());
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        new TextReport(new java.io.PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8)).print(r);
        assertTrue(text.toString(java.nio.charset.StandardCharsets.UTF_8).contains("ds-a/t1 failed: run_tests.sh, tests/conftest.py"), text.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void unknownOrRepeatedRunsAreUsageErrors() {
        ArenaException unknown = assertThrows(ArenaException.class, () -> service.load(List.of("m1", "nope")));
        assertTrue(unknown.getMessage().contains("no run 'nope'"), unknown.getMessage());
        assertThrows(ArenaException.class, () -> service.load(List.of("m1", "m1")));
    }

    @Test
    void theJsonReportKeepsStatisticsAndMatrix() throws Exception {
        Report r = service.build(service.load(List.of("m1", "m2")));
        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsBytes(r));
        assertEquals(0.75, json.at("/runs/0/overall/valid_only/rate").asDouble(), 1e-12);
        assertEquals(4, json.at("/runs/0/overall/valid_only/total").asInt());
        assertEquals(2, json.at("/comparisons/0/only_first").asInt());
        assertEquals("passed", json.at("/tasks/0/cells/0/verdict").asText());
        Instant.parse(json.at("/generated_at").asText()); // ISO-8601, not epoch numbers
    }
}
