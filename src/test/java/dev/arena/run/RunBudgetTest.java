package dev.arena.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.agent.Agent;
import dev.arena.agent.gladiator.GladiatorAgent;
import dev.arena.agent.gladiator.GladiatorConfig;
import dev.arena.agent.llm.HttpTransport;
import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.ModelClient;
import dev.arena.agent.llm.ModelEndpoint;
import dev.arena.agent.llm.ModelRef;
import dev.arena.agent.llm.RetryPolicy;
import dev.arena.agent.llm.TokenUsage;
import dev.arena.eval.EvalSettings;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.sandbox.SandboxException;
import dev.arena.store.LocalStore;
import dev.arena.testing.FakeSandboxProvider;
import dev.arena.testing.Fixtures;
import dev.arena.testing.ScriptedModelServer;
import dev.arena.testing.ScriptedModelServer.Protocol;
import dev.arena.testing.ScriptedModelServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run's cap ({@code --max-cost}) on a local run: the real gladiator against a scripted model
 * server (every call priced at gpt-4o's rate), the real worker pool and executor over fake
 * sandboxes, results in a local folder.
 */
class RunBudgetTest {
    private static final ModelRef MODEL = ModelRef.parse("openai/gpt-4o");
    private static final EvalSettings SETTINGS = EvalSettings.builder().agent("gladiator").model(MODEL.name())
            .taskTimeout(Duration.ofMinutes(5)).memoryBytes(1L << 30).cpus(1.0).build();
    /** What one scripted call costs: 800 fresh and 200 cached prompt tokens, 50 output. */
    private static final double CALL = ModelCatalog.load().prices(MODEL).orElseThrow().cost(new TokenUsage(800, 50, 200, 0));

    @TempDir
    Path root;

    private final FakeSandboxProvider sandboxes = new FakeSandboxProvider();
    // every attempt: a tool the loop does not know (no sandbox needed), then an answer
    private final ScriptedModelServer server = new ScriptedModelServer(Protocol.OPENAI,
            List.of(Reply.tool("open_browser", "{}"), Reply.answer("done")));
    private Path datasets;
    private LocalStore runs;

    @BeforeEach
    void threeTasks() {
        datasets = root.resolve("datasets");
        Path calc = Fixtures.dataset(datasets, "calc", "COPY . ./\n", "#!/bin/sh\necho '1 passed, 0 failed'\n", Map.of("value.txt", "x\n"));
        for (String task : List.of("task-1", "task-2", "task-3")) {
            Fixtures.task(calc, task, Fixtures.FIX_VALUE_DIFF, Map.of());
        }
        runs = new LocalStore(root.resolve("runs"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LocalExecutor executor() {
        Function<EvalSettings, Agent> gladiator = settings -> new GladiatorAgent(MODEL, ModelClient.of(
                new ModelEndpoint(MODEL, server.baseUrl(), "test-key"),
                new HttpTransport(RetryPolicy.DEFAULT, d -> { }, Duration.ofMinutes(1))), ModelCatalog.load(), GladiatorConfig.DEFAULT);
        return new LocalExecutor(() -> sandboxes, runs, 1, RunListener.NONE, host -> null, null, gladiator);
    }

    private RunRequest request(String runId, Double cap) {
        return new RunRequest(datasets, List.of(), List.of(), 1, runId, SETTINGS, cap);
    }

    @Test
    void onceTheFirstAttemptSpentTheCapNoOtherStartsAndAResumeWithAHigherCapFinishesThem() throws Exception {
        Executor.Outcome first = executor().start(request("capped", CALL * 0.5));

        // the first call spent the cap: the second is refused, the attempt is graded, nothing else starts
        assertEquals(1, server.requests().size());
        Executor.BudgetStop stop = first.budgetStop();
        assertEquals(new Executor.BudgetStop(CALL * 0.5, CALL, 2), stop);
        assertEquals(1, first.evaluated());
        assertFalse(first.clean(), "items are left");
        RunRepository repository = new RunRepository(runs);
        Map<WorkItem, TaskResult> results = repository.results(first.plan());
        assertEquals(List.of(new WorkItem("calc", "task-1", 1)), List.copyOf(results.keySet()));
        assertEquals(CALL, results.values().iterator().next().costUsd(), 1e-12);
        Path attempt = root.resolve("runs/capped/calc/task-1");
        assertEquals("budget", Json.mapper().readTree(attempt.resolve("trajectory.json").toFile()).path("stop_reason").asText());
        assertFalse(Files.exists(root.resolve("runs/capped/calc/task-2")), "an attempt never started has no folder");
        assertEquals(CALL * 0.5, Json.mapper().readTree(root.resolve("runs/capped/run.json").toFile()).path("max_cost_usd").asDouble(), 1e-12);

        Executor.Outcome resumed = executor().resume("capped", false, 1.0);

        assertNull(resumed.budgetStop());
        assertEquals(2, resumed.evaluated());
        assertTrue(resumed.status().complete(), resumed.status().toString());
        assertEquals(1 + 2 * 2, server.requests().size(), "two more attempts of two calls each");
        assertEquals(1.0, repository.loadPlan("capped").maxCostUsd(), "the new cap is stored");
        assertEquals(5 * CALL, repository.spentUsd(repository.loadPlan("capped")), 1e-12);
    }

    @Test
    void aResumeCountsWhatTheStoredResultsCostAgainstTheCap() throws Exception {
        executor().start(request("counted", CALL * 0.5));
        int calls = server.requests().size();

        // 2.5 calls' worth: the stored attempt cost 1, the next attempt's two calls reach 3, so the third never starts
        Executor.Outcome resumed = executor().resume("counted", false, CALL * 2.5);

        assertEquals(calls + 2, server.requests().size());
        assertEquals(new Executor.BudgetStop(CALL * 2.5, CALL * 3, 1), resumed.budgetStop());
    }

    @Test
    void resultsSetAsideByRetryErrorsStillCountAgainstTheCap() throws Exception {
        // every attempt makes its two calls, then its grading fails: three infra errors of two calls each
        AtomicBoolean gradingFails = new AtomicBoolean(true);
        sandboxes.on("\\./run_tests\\.sh", (sandbox, command, timeout) -> {
            if (gradingFails.get()) {
                throw new SandboxException("the Docker daemon went away", null);
            }
            return FakeSandboxProvider.ok("1 passed, 0 failed\n");
        });
        Executor.Outcome first = executor().start(request("retried", 1.0));
        RunRepository repository = new RunRepository(runs);
        assertEquals(List.of(Verdict.ERROR, Verdict.ERROR, Verdict.ERROR),
                repository.results(first.plan()).values().stream().map(TaskResult::verdict).toList());
        assertEquals(6, server.requests().size());
        gradingFails.set(false);

        // the six calls were paid for: set aside under previous/, they still count, so the
        // first retried attempt's first call reaches 6.5 calls' worth and nothing else starts
        Executor.Outcome resumed = executor().resume("retried", true, CALL * 6.5);

        assertEquals(7, server.requests().size());
        Executor.BudgetStop stop = resumed.budgetStop();
        assertEquals(2, stop.notStarted(), String.valueOf(stop));
        assertEquals(CALL * 7, stop.spentUsd(), 1e-12);
        for (String task : List.of("task-1", "task-2", "task-3")) {
            assertTrue(Files.isDirectory(root.resolve("runs/retried/calc/" + task + "/previous")), task + "'s error is kept under previous/");
        }
        assertEquals(CALL * 7, repository.spentUsd(repository.loadPlan("retried")), 1e-12);
    }

    @Test
    void aRunWithoutACapIsNotStopped() throws Exception {
        Executor.Outcome done = executor().start(request("free", null));

        assertNull(done.budgetStop());
        assertEquals(6, server.requests().size());
        assertTrue(done.clean());
        assertTrue(Json.mapper().readTree(root.resolve("runs/free/run.json").toFile()).path("max_cost_usd").isNull());
    }

    @Test
    void aCapForAnAgentWithoutAModelOrAnUnpricedModelIsRefusedBeforeAnything() {
        EvalSettings oracle = SETTINGS.toBuilder().agent("oracle").model(null).build();
        ArenaException e = assertThrows(ArenaException.class,
                () -> RunPlanner.plan(new RunRequest(datasets, List.of(), List.of(), 1, "r", oracle, 5.0)));
        assertEquals("--max-cost is for the agents that call a model (gladiator, claude-code, codex), not oracle", e.getMessage());
        assertEquals(ExitCode.USAGE, e.exitCode());

        EvalSettings unpriced = SETTINGS.toBuilder().model("openai/no-such-model-x").build();
        e = assertThrows(ArenaException.class, () -> RunPlanner.plan(new RunRequest(datasets, List.of(), List.of(), 1, "r", unpriced, 5.0)));
        assertEquals("--max-cost needs a priced model: openai/no-such-model-x has no price in the model catalog,"
                + " so the run's spend cannot be counted", e.getMessage());
    }

    @Test
    void aCapInRunJsonThatIsNotAPositiveNumberIsRefusedWhenReadBack() throws Exception {
        executor().start(request("stranger", 1.0));
        Path file = root.resolve("runs/stranger/run.json");
        for (String bad : List.of("-1", "0", "\"NaN\"")) {
            ObjectNode plan = (ObjectNode) Json.mapper().readTree(file.toFile());
            plan.set("max_cost_usd", Json.mapper().readTree(bad));
            Files.write(file, Json.mapper().writeValueAsBytes(plan));

            ArenaException e = assertThrows(ArenaException.class, () -> new RunRepository(runs).loadPlan("stranger"), bad);
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().startsWith("cannot read the plan of run stranger: a run's cost cap must be a number of USD above 0"),
                    e.getMessage());
        }
    }
}
