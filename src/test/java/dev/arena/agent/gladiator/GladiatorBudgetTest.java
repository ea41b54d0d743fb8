package dev.arena.agent.gladiator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.agent.AgentContext;
import dev.arena.agent.llm.Budget;
import dev.arena.agent.llm.HttpTransport;
import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.ModelClient;
import dev.arena.agent.llm.ModelEndpoint;
import dev.arena.agent.llm.ModelRef;
import dev.arena.agent.llm.RetryPolicy;
import dev.arena.agent.llm.RunSpend;
import dev.arena.agent.llm.Sampling;
import dev.arena.dataset.DescriptionParser;
import dev.arena.dataset.Task;
import dev.arena.result.AgentUsage;
import dev.arena.testing.ScriptedModelServer;
import dev.arena.testing.ScriptedModelServer.Protocol;
import dev.arena.testing.ScriptedModelServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gladiator's loop against a scripted OpenAI-compatible server (1000 prompt and 50 output
 * tokens a call) under a budget: the call after the one that spent it is never sent, the attempt
 * stops with {@code stop_reason: budget} and reports what was spent. The scripted tool is unknown,
 * so no call touches a sandbox.
 */
class GladiatorBudgetTest {
    private static final ModelRef MODEL = ModelRef.parse("openai/gpt-4o");
    private final ScriptedModelServer server = new ScriptedModelServer(Protocol.OPENAI, List.of(
            Reply.tool("open_browser", "{}"), Reply.tool("open_browser", "{}"), Reply.tool("open_browser", "{}"), Reply.answer("done")));
    private final Map<String, byte[]> saved = new ConcurrentHashMap<>();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aTokenBudgetStopsTheLoopBeforeTheCallAfterTheOneThatSpentIt() throws Exception {
        AgentUsage usage = agent(Budget.tokens(1500)).solve(context(RunSpend.NONE));

        assertEquals(2, server.requests().size(), "1050 tokens before the second call, 2100 before the third");
        assertEquals(2, usage.iterations());
        assertEquals(2000, usage.inputTokens());
        assertEquals("budget", trajectory().path("stop_reason").asText());
        assertTrue(log.contains("gladiator: the attempt's budget of 1500 tokens is spent (2100 used); no further model calls are allowed"), log.toString());
    }

    @Test
    void aCostBudgetStopsItToo() throws Exception {
        AgentUsage usage = agent(Budget.costUsd(0.001)).solve(context(RunSpend.NONE));

        assertEquals(1, server.requests().size());
        assertTrue(usage.costUsd() > 0.001, "the one call cost " + usage.costUsd());
        assertEquals("budget", trajectory().path("stop_reason").asText());
    }

    @Test
    void theRunsAccountGetsEveryCallAndItsCapStopsTheLoop() throws Exception {
        double oneCall = ModelCatalog.load().prices(MODEL).orElseThrow().cost(new dev.arena.agent.llm.TokenUsage(800, 50, 200, 0));
        RunSpend run = new RunSpend(oneCall * 1.5, 0);

        AgentUsage usage = agent(Budget.NONE).solve(context(run));

        assertEquals(2, server.requests().size());
        assertEquals(2 * oneCall, run.spentUsd(), 1e-12);
        assertEquals(run.spentUsd(), usage.costUsd(), 1e-12);
        assertEquals("budget", trajectory().path("stop_reason").asText());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("gladiator: the run's budget of $")), log.toString());
    }

    @Test
    void aRunSpentBeforeTheAttemptLetsItCallNothing() throws Exception {
        RunSpend run = new RunSpend(1.0, 1.0); // a resume of a run whose results already cost the cap

        AgentUsage usage = agent(Budget.NONE).solve(context(run));

        assertEquals(0, server.requests().size());
        assertEquals(0, usage.iterations());
        assertEquals("budget", trajectory().path("stop_reason").asText());
    }

    @Test
    void withoutABudgetTheScriptRunsToItsAnswer() throws Exception {
        agent(Budget.NONE).solve(context(RunSpend.NONE));

        assertEquals(4, server.requests().size());
        assertEquals("answered", trajectory().path("stop_reason").asText());
    }

    private GladiatorAgent agent(Budget budget) {
        RetryPolicy policy = new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1), () -> 0.5);
        ModelClient client = ModelClient.of(new ModelEndpoint(MODEL, server.baseUrl(), "test-key"),
                new HttpTransport(policy, d -> { }, Duration.ofMinutes(1)));
        return new GladiatorAgent(MODEL, client, ModelCatalog.load(), GladiatorConfig.DEFAULT, Sampling.NONE, Prompts.SYSTEM, budget);
    }

    private AgentContext context(RunSpend run) throws Exception {
        return new AgentContext(null, new Task("t1", Path.of("unused")),
                DescriptionParser.parse("task_description: |\n  Task: demo\n\n  Fix the bug.\n"), 35,
                Instant.now().plus(Duration.ofMinutes(10)), log::add, saved::put, port -> { }, run);
    }

    private JsonNode trajectory() throws Exception {
        return Json.mapper().readTree(saved.get("trajectory.json"));
    }
}
