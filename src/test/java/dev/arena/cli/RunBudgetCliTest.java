package dev.arena.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.Json;
import dev.arena.cli.ArenaCli.Result;
import dev.arena.run.Executor;
import dev.arena.run.RunPlan;
import dev.arena.run.RunPlanner;
import dev.arena.run.RunRepository;
import dev.arena.run.RunRequest;
import dev.arena.run.RunStatus;
import dev.arena.store.LocalStore;
import dev.arena.testing.Fixtures;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code arena run --max-cost}: each bad value one line with exit 2 before any work, and how a run its cap stopped ends. */
class RunBudgetCliTest {
    @TempDir
    Path tmp;

    private Result run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--local", "--runs-dir", tmp.resolve("runs").toString(),
                "--datasets-dir", tmp.resolve("datasets").toString()));
        args.addAll(List.of(extra));
        return ArenaCli.run(args.toArray(String[]::new));
    }

    private static void assertUsageError(Result r, String expected) {
        assertEquals(2, r.code(), r.toString());
        assertEquals(List.of("arena: " + expected), r.errLines(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aCapThatIsNotAPositiveNumberIsAUsageError() {
        for (String bad : List.of("-1", "0", "NaN", "free", "Infinity")) {
            assertUsageError(run("--all-datasets", "--agent", "gladiator", "--model", "openai/gpt-4o", "--max-cost=" + bad),
                    "--max-cost must be a number of USD above 0, not '" + bad + "'");
            assertUsageError(run("--resume", "r1", "--max-cost=" + bad), "--max-cost must be a number of USD above 0, not '" + bad + "'");
        }
    }

    @Test
    void aCapForAnAgentThatCallsNoModelIsAUsageError() {
        Fixtures.task(Fixtures.dataset(tmp.resolve("datasets"), "calc", "COPY . ./\n", "#!/bin/sh\n", Map.of()), "t1", Fixtures.FIX_VALUE_DIFF, Map.of());
        for (String agent : List.of("oracle", "null")) {
            assertUsageError(run("--all-datasets", "--agent", agent, "--max-cost", "5"),
                    "--max-cost is for the agents that call a model (gladiator, claude-code, codex), not " + agent);
        }
        assertFalse(Files.exists(tmp.resolve("runs")), "nothing planned");
    }

    @Test
    void aResumeOfARunWhoseStoredCapIsNegativeIsAUsageError() throws Exception {
        Path datasets = tmp.resolve("datasets");
        Fixtures.task(Fixtures.dataset(datasets, "calc", "COPY . ./\n", "#!/bin/sh\n", Map.of()), "t1", Fixtures.FIX_VALUE_DIFF, Map.of());
        RunPlan plan = RunPlanner.plan(new RunRequest(datasets, List.of(), List.of(), 1, "r1", TestImages.settings("null", Duration.ofMinutes(1))));
        new RunRepository(new LocalStore(tmp.resolve("runs"))).savePlan(plan);
        Path file = tmp.resolve("runs/r1/run.json");
        ObjectNode json = (ObjectNode) Json.mapper().readTree(file.toFile());
        Files.write(file, Json.mapper().writeValueAsBytes(json.put("max_cost_usd", -3.0)));

        assertUsageError(run("--resume", "r1"), "cannot read the plan of run r1: a run's cost cap must be a number of USD above 0, not -3.0");
    }

    @Test
    void aRunItsCapStoppedEndsWithOneLineNamingTheResumeAndExitsOne() throws Exception {
        Path datasets = tmp.resolve("datasets");
        Fixtures.task(Fixtures.dataset(datasets, "calc", "COPY . ./\n", "#!/bin/sh\n", Map.of()), "t1", Fixtures.FIX_VALUE_DIFF, Map.of());
        RunPlan plan = RunPlanner.plan(new RunRequest(datasets, List.of(), List.of(), 1, "r1", TestImages.settings("null", Duration.ofMinutes(1))));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunFollower follower = new RunFollower(new PrintStream(err, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8),
                "./arena.sh run --local --resume r1");

        int code = follower.follow(() -> { }, () -> new Executor.Outcome(plan, RunStatus.fromSummaries(plan, Map.of()), 0, "runs/r1/",
                new Executor.BudgetStop(2.5, 2.61234, 7)), () -> { }, () -> { });

        assertEquals(1, code);
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.contains("run budget $2.5 spent ($2.6123 used): 7 attempt(s) not started; resume with"
                + " ./arena.sh run --local --resume r1 --max-cost USD"), lines.toString());
        assertEquals("r1", out.toString(StandardCharsets.UTF_8).strip());
    }
}
