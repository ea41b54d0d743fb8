package dev.arena.cli;

import dev.arena.Json;
import dev.arena.eval.EvalSettings;
import dev.arena.result.ErrorKind;
import dev.arena.result.ResultSummary;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;
import dev.arena.run.WorkItem;
import dev.arena.store.LocalStore;
import dev.arena.store.RunLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** `arena logs` on a local runs folder, through the real command line. */
class LogsCommandTest {
    private static final Instant T0 = Instant.parse("2025-05-05T12:00:00Z");

    @TempDir
    Path tmp;
    private String runsDir;

    @BeforeEach
    void storeARun() throws Exception {
        runsDir = tmp.resolve("runs").toString();
        LocalStore runs = new LocalStore(tmp.resolve("runs"));
        List<WorkItem> items = List.of(new WorkItem("calc", "t1", 1), new WorkItem("calc", "t2", 1));
        RunPlan plan = new RunPlan(RunPlan.SCHEMA, "r1", T0, "test", 1, EvalSettings.builder().agent("oracle").build(), List.of(new RunPlan.DatasetRef("calc", "/d/calc", "hash", 2)), items);
        new RunRepository(runs).savePlan(plan);
        TaskResult r = new TaskResult(TaskResult.SCHEMA, "r1", "calc", "t1", 1, "oracle", null, Verdict.ERROR, ErrorKind.TIMEOUT,
                "too slow", "agent", false, null, 0, 0, 0, 0, null, List.of(), T0.plusSeconds(1), T0.plusSeconds(9), 8.0, Map.of(),
                35, 1, 1, 0, 0, null, "img", "test");
        String dir = plan.layout().attemptDir("calc", "t1", 1);
        runs.put(dir + RunLayout.TASK_LOG, "[   0.000s] evaluating calc/t1\n[   8.000s] ERROR (timeout)\n".getBytes(StandardCharsets.UTF_8));
        runs.putIfAbsent(dir + RunLayout.RESULT, Json.mapper().writeValueAsBytes(r), ResultSummary.of(r).toMetadata());
    }

    @Test
    void aTasksStoredLogIsPrintedAsItIs() {
        ArenaCli.Result r = ArenaCli.run("logs", "r1", "calc/t1", "--runs-dir", runsDir);
        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of("[   0.000s] evaluating calc/t1", "[   8.000s] ERROR (timeout)"), r.outLines());
    }

    @Test
    void withoutATaskTheRunsEventsAreRebuiltFromItsResults() {
        ArenaCli.Result r = ArenaCli.run("logs", "r1", "--runs-dir", runsDir);
        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of("2025-05-05T12:00:01Z  calc/t1  started", "2025-05-05T12:00:09Z  calc/t1  error (timeout: too slow)"),
                r.outLines());
        assertEquals(List.of("events rebuilt from the stored results (start and verdict of each finished task)"), r.errLines());
    }

    @Test
    void badInputIsOneLineAndExit2() {
        for (List<String> args : List.of(List.of("logs", "nope", "calc/t1"), List.of("logs", "r1", "calc/t9"),
                List.of("logs", "r1", "--follow"), List.of("logs", "r1", "calc/t1", "--attempt", "3"))) {
            List<String> all = new java.util.ArrayList<>(args);
            all.addAll(List.of("--runs-dir", runsDir));
            ArenaCli.Result r = ArenaCli.run(all.toArray(String[]::new));
            assertEquals(2, r.code(), all + ": " + r);
            assertEquals(1, r.errLines().size(), all + ": " + r);
            assertEquals("", r.out());
        }
        assertEquals("arena: no task calc/t9 in run r1 (see `arena status r1`)",
                ArenaCli.run("logs", "r1", "calc/t9", "--runs-dir", runsDir).err().strip());
    }

    @Test
    void aTaskWithoutALogYetExits1() {
        ArenaCli.Result r = ArenaCli.run("logs", "r1", "calc/t2", "--runs-dir", runsDir);
        assertEquals(1, r.code(), r.toString());
        assertEquals(List.of("arena: no log of calc/t2 yet: it has not started (see `arena status r1`)"), r.errLines());
    }
}
