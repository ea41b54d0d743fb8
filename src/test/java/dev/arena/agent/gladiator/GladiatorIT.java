package dev.arena.agent.gladiator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.Json;
import dev.arena.agent.llm.HttpTransport;
import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.ModelClient;
import dev.arena.agent.llm.ModelEndpoint;
import dev.arena.agent.llm.ModelRef;
import dev.arena.agent.llm.RetryPolicy;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.eval.Attempt;
import dev.arena.eval.EvalSettings;
import dev.arena.eval.TaskEvaluator;
import dev.arena.result.ErrorKind;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.sandbox.DockerEngine;
import dev.arena.store.LocalStore;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.ScriptedModelServer;
import dev.arena.testing.ScriptedModelServer.Failure;
import dev.arena.testing.ScriptedModelServer.Protocol;
import dev.arena.testing.ScriptedModelServer.Reply;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gladiator against scripted model servers of both protocols, through the real clients, on
 * py-textkit task-1 in a real container: the diff it makes, the verdict, usage, cost and the
 * trajectory, and how model failures and the iteration limit end an attempt.
 */
@RequiresDocker
class GladiatorIT {
    private static final String LRU = "textkit/lru.py";
    private static final String FIX = "        self._data.move_to_end(key)";

    @TempDir
    static Path root;
    static DockerEngine engine;
    static Dataset dataset;
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void setUp() {
        engine = DockerEngine.connect();
        dataset = DatasetLoader.load(Path.of("examples", "datasets", "py-textkit"));
    }

    @AfterAll
    static void tearDown() {
        engine.close();
    }

    @Test
    void openAiScriptThatReadsEditsAndStopsPassesTheTask() throws Exception {
        List<Reply> script = List.of(
                Reply.tool("read_file", "{\"target_file\": \"" + LRU + "\", \"should_read_entire_file\": true, \"explanation\": \"look\"}"),
                Reply.tool("edit_file", "{\"target_file\": \"" + LRU + "\", \"instructions\": \"refresh recency on a hit\","
                        + " \"edit_type\": \"line_edits\", \"line_edits\": [{\"type\": \"insert\", \"line_number\": 27,"
                        + " \"content\": \"" + FIX + "\"}]}"),
                Reply.answer("A hit now moves the key to the end."));
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.OPENAI, script)) {
            TaskResult r = evaluate(server, "openai/gpt-4o", "openai-run", 35);

            assertEquals(Verdict.PASSED, r.verdict(), r.toString());
            String diff = Files.readString(root.resolve("runs/openai-run/patch.diff"));
            assertTrue(diff.contains("\n+" + FIX + "\n") && diff.lines().filter(l -> l.startsWith("+") || l.startsWith("-")).count() == 3, diff);
            assertEquals(3, r.iterations());
            assertEquals(3000, r.inputTokens());
            assertEquals(150, r.outputTokens());
            // gpt-4o: 800 fresh at $2.50, 200 cached at $1.25, 50 out at $10 per million, three times
            assertEquals(0.00825, r.costUsd(), 1e-9);

            JsonNode second = server.requests().get(1);
            JsonNode toolMessage = second.path("messages").get(3);
            assertEquals("tool", toolMessage.path("role").asText());
            assertTrue(toolMessage.path("content").asText().contains("27\t        self.hits += 1"), toolMessage.toString());
            assertEquals(List.of("Bearer test-key"), server.headers().get(0).get("Authorization"));
            assertEquals(10, second.path("tools").size());

            JsonNode trajectory = trajectory("openai-run");
            assertEquals("answered", trajectory.path("stop_reason").asText());
            assertEquals(3, trajectory.path("steps").size());
            JsonNode edit = trajectory.path("steps").get(1).path("tool_calls").get(0);
            assertEquals("edit_file", edit.path("name").asText());
            assertEquals(27, edit.path("arguments").path("line_edits").get(0).path("line_number").asInt());
            assertFalse(edit.path("is_error").asBoolean(), edit.toString());
            assertEquals(1000, trajectory.path("steps").get(0).path("usage").path("input_tokens").asInt() + 200);
        }
    }

    @Test
    void anthropicScriptWithSearchReplacePassesAndAnUnpricedModelHasNoCost() throws Exception {
        List<Reply> script = List.of(
                Reply.tool("grep_search", "{\"query\": \"self.hits \\\\+= 1\", \"include_pattern\": \"*.py\"}"),
                Reply.tool("search_replace", "{\"file_path\": \"/app/" + LRU + "\", \"old_string\": \"            return default\\n"
                        + "        self.hits += 1\\n\", \"new_string\": \"            return default\\n" + FIX + "\\n        self.hits += 1\\n\"}"),
                Reply.answer("Done."));
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.ANTHROPIC, script)) {
            TaskResult r = evaluate(server, "anthropic/claude-test-unpriced", "anthropic-run", 35);

            assertEquals(Verdict.PASSED, r.verdict(), r.toString());
            assertNull(r.costUsd(), "an unpriced model has no cost, not 0");
            assertEquals(3000, r.inputTokens(), "fresh, cache-read and cache-write tokens all count as input");
            assertEquals(List.of("test-key"), server.headers().get(0).get("X-api-key"));
            JsonNode result = server.requests().get(1).path("messages").get(2).path("content").get(0);
            assertEquals("tool_result", result.path("type").asText());
            assertFalse(result.path("is_error").asBoolean());
            assertTrue(result.path("content").asText().contains(LRU + ":27:"), result.toString());
            assertEquals("ephemeral", result.path("cache_control").path("type").asText());
            assertTrue(Files.readString(root.resolve("runs/anthropic-run/patch.diff")).contains("+" + FIX));
        }
    }

    @Test
    void aModelApiThatKeepsFailingEndsAsModelApiErrorWithTheTrajectorySaved() throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.OPENAI, List.of())) {
            server.failAlways(new Failure(500, Map.of(), "{\"error\": {\"message\": \"upstream exploded\"}}"));
            TaskResult r = evaluate(server, "openai/gpt-4o", "failing-run", 35);

            assertEquals(Verdict.ERROR, r.verdict());
            assertEquals(ErrorKind.MODEL_API, r.errorKind());
            assertEquals("agent", r.failedPhase());
            assertTrue(r.error().contains("500") && r.error().contains("upstream exploded"), r.error());
            assertEquals(4, server.requests().size(), "the policy's four attempts");
            assertEquals(3, sleeps.size());
            JsonNode trajectory = trajectory("failing-run");
            assertEquals("model_error", trajectory.path("stop_reason").asText());
            assertTrue(trajectory.path("error").asText().contains("500"));
        }
    }

    @Test
    void theIterationLimitStopsTheLoop() throws Exception {
        List<Reply> script = Collections.nCopies(10, Reply.tool("list_dir", "{\"relative_workspace_path\": \"textkit\"}"));
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.OPENAI, script)) {
            TaskResult r = evaluate(server, "openai/gpt-4o", "limit-run", 3);

            assertEquals(Verdict.FAILED, r.verdict(), r.toString());
            assertEquals(3, r.iterations());
            assertEquals(3, server.requests().size());
            JsonNode trajectory = trajectory("limit-run");
            assertEquals("max_iterations", trajectory.path("stop_reason").asText());
            assertTrue(trajectory.path("steps").get(0).path("tool_calls").get(0).path("result").asText().contains("lru.py"));
        }
    }

    private TaskResult evaluate(ScriptedModelServer server, String modelName, String runId, int maxIterations) throws InterruptedException {
        ModelRef model = ModelRef.parse(modelName);
        RetryPolicy policy = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(1), () -> 0.5);
        ModelClient client = ModelClient.of(new ModelEndpoint(model, server.baseUrl(), "test-key"),
                new HttpTransport(policy, sleeps::add, Duration.ofMinutes(2)));
        GladiatorAgent agent = new GladiatorAgent(model, client, ModelCatalog.load(), GladiatorConfig.DEFAULT);
        EvalSettings settings = EvalSettings.builder().agent("gladiator").model(modelName).maxIterations(maxIterations)
                .taskTimeout(Duration.ofMinutes(10)).memoryBytes(1L << 30).cpus(1.0).buildArgs(TestImages.buildArgs())
                .modelBaseUrl(server.baseUrl()).build();
        TaskEvaluator evaluator = new TaskEvaluator(new DockerSandboxProvider(engine), settings, new LocalStore(root.resolve("runs")));
        return evaluator.evaluate(new Attempt(runId, dataset, dataset.task("task-1").orElseThrow(), 1, 1), agent, runId + "/");
    }

    private static JsonNode trajectory(String runId) throws Exception {
        return Json.mapper().readTree(root.resolve("runs").resolve(runId).resolve("trajectory.json").toFile());
    }
}
