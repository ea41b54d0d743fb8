package dev.arena.agent.gladiator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.agent.AgentContext;
import dev.arena.agent.llm.HttpTransport;
import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.ModelClient;
import dev.arena.agent.llm.ModelEndpoint;
import dev.arena.agent.llm.ModelRef;
import dev.arena.agent.llm.RetryPolicy;
import dev.arena.dataset.DescriptionParser;
import dev.arena.dataset.Task;
import dev.arena.result.AgentUsage;
import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;
import dev.arena.testing.ScriptedModelServer;
import dev.arena.testing.ScriptedModelServer.Failure;
import dev.arena.testing.ScriptedModelServer.Protocol;
import dev.arena.testing.ScriptedModelServer.Reply;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent loop against a scripted model server when the API misbehaves: retries (with the
 * injected sleeper, so nothing sleeps for real), rate limits that never end, malformed tool
 * arguments. No tool here touches the sandbox, so no container is needed.
 */
class ModelFailuresIT {
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final Map<String, byte[]> saved = new ConcurrentHashMap<>();

    @Test
    void a429ThenA503AreRetriedHonouringRetryAfter() throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.OPENAI, List.of(Reply.answer("nothing to do")))) {
            server.failFirst(new Failure(429, Map.of("Retry-After", "7"), "{\"error\": {\"message\": \"slow down\"}}"));
            server.failFirst(new Failure(503, Map.of(), "overloaded"));
            AgentUsage usage = agent(server, Protocol.OPENAI).solve(context(35));

            assertEquals(1, usage.iterations());
            assertEquals(3, server.requests().size());
            // the server's 7 s, then the computed delay of a second retry: 1 s * 2 * (0.5 + 0.5 * 0.5)
            assertEquals(List.of(Duration.ofSeconds(7), Duration.ofMillis(1500)), sleeps);
            assertEquals("answered", trajectory().path("stop_reason").asText());
        }
    }

    @Test
    void rateLimitsThatNeverEndAreRateLimitedAndKeepTheTrajectory() throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.ANTHROPIC, List.of())) {
            server.failAlways(new Failure(429, Map.of("retry-after", "2"), "{\"type\": \"error\", \"error\": {\"message\": \"rate\"}}"));
            EvaluationException e = assertThrows(EvaluationException.class, () -> agent(server, Protocol.ANTHROPIC).solve(context(35)));

            assertEquals(ErrorKind.RATE_LIMITED, e.kind());
            assertEquals(4, server.requests().size());
            assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2)), sleeps);
            assertEquals(0, e.usage().iterations());
            assertEquals("model_error", trajectory().path("stop_reason").asText());
        }
    }

    @Test
    void malformedToolArgumentsGoBackToTheModelAsAnErrorResult() throws Exception {
        List<Reply> script = List.of(Reply.tool("read_file", "{\"target_file\": \"a.py\", "), Reply.answer("giving up"));
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.OPENAI, script)) {
            AgentUsage usage = agent(server, Protocol.OPENAI).solve(context(35));

            assertEquals(2, usage.iterations());
            JsonNode toolMessage = server.requests().get(1).path("messages").get(3);
            assertEquals("tool", toolMessage.path("role").asText());
            assertTrue(toolMessage.path("content").asText().startsWith("Error: the arguments are not valid JSON"), toolMessage.toString());
            JsonNode call = trajectory().path("steps").get(0).path("tool_calls").get(0);
            assertTrue(call.path("is_error").asBoolean());
            assertEquals("{\"target_file\": \"a.py\", ", call.path("arguments").asText(), "the raw text is kept");
        }
    }

    @Test
    void anUnknownToolIsAnErrorResultNamingTheTools() throws Exception {
        List<Reply> script = List.of(Reply.tool("open_browser", "{}"), Reply.answer("ok"));
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.ANTHROPIC, script)) {
            agent(server, Protocol.ANTHROPIC).solve(context(35));
            JsonNode result = server.requests().get(1).path("messages").get(2).path("content").get(0);
            assertTrue(result.path("is_error").asBoolean());
            assertTrue(result.path("content").asText().contains("run_terminal_cmd"), result.toString());
        }
    }

    private GladiatorAgent agent(ScriptedModelServer server, Protocol protocol) {
        ModelRef model = ModelRef.parse(protocol == Protocol.OPENAI ? "openai/gpt-4o" : "anthropic/claude-sonnet-4-5");
        RetryPolicy policy = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(1), () -> 0.5);
        ModelClient client = ModelClient.of(new ModelEndpoint(model, server.baseUrl(), "test-key"),
                new HttpTransport(policy, sleeps::add, Duration.ofMinutes(1)));
        return new GladiatorAgent(model, client, ModelCatalog.load(), GladiatorConfig.DEFAULT);
    }

    private AgentContext context(int maxIterations) throws Exception {
        return new AgentContext(null, new Task("t1", Path.of("unused")),
                DescriptionParser.parse("task_description: |\n  Task: demo\n\n  Fix the bug.\n"), maxIterations,
                Instant.now().plus(Duration.ofMinutes(10)), line -> { }, saved::put);
    }

    private JsonNode trajectory() throws Exception {
        return Json.mapper().readTree(saved.get("trajectory.json"));
    }
}
