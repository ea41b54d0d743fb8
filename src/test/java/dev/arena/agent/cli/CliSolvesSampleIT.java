package dev.arena.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.Json;
import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.ModelRef;
import dev.arena.testing.ArenaProcess;
import dev.arena.testing.NpmRegistryReachable;
import dev.arena.testing.Requirement;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.ScriptedModelServer.Reply;
import dev.arena.testing.StreamingModelServer;
import dev.arena.testing.StreamingModelServer.Usage;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole {@code arena run --local} of the real Claude Code and of the real Codex (pinned builds
 * from npm) on the bundled sample task py-textkit/task-1, in a JVM of its own, with
 * {@link StreamingModelServer} as the provider: the script has the CLI apply the task's gold diff
 * through its own shell tool (the diff travels inside the tool call; the task files stay on the
 * host), then answer. The attempt passes its hidden tests, and what the server reported is exactly
 * what result.json, model_calls.jsonl and trajectory.json say, priced from the bundled catalog.
 */
@RequiresDocker
class CliSolvesSampleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-solves-sample-key-7c2d";
    private static final String DATASET = "py-textkit";
    private static final String TASK = "task-1";
    /** Numbers no default of the server or of arena would produce, so a misread shows. */
    private static final Usage USAGE = new Usage(1234, 321, 200);

    @TempDir
    Path tmp;

    private String goldDiff;

    @BeforeEach
    void needsNpmAndTheGoldDiff() throws Exception {
        Requirement.check(NpmRegistryReachable.problem(URI.create(NpmFetcher.DEFAULT_REGISTRY + "/")));
        goldDiff = Files.readString(Path.of("examples", "datasets", DATASET, "tasks", TASK, "task_diff.txt"));
        assertTrue(goldDiff.contains("move_to_end"), "the fix this test looks for is in the gold diff");
    }

    @Test
    void claudeCodeAppliesTheFixThroughBashAndTheRunPassesWithItsTokensPriced() throws Exception {
        String command = applyFix();
        List<Reply> script = List.of(Reply.tool("Bash", JSON.createObjectNode().put("command", command).toString()), Reply.answer("done"));
        try (StreamingModelServer server = new StreamingModelServer(script).requireToken(KEY).usage(USAGE)) {
            Path attempt = run(server, "claude-code", "anthropic/claude-sonnet-4-6", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", server.root());

            // Messages: input_tokens are the fresh prompt tokens, cache reads come beside them
            long calls = modelCalls(server);
            ModelCatalog.Prices prices = prices("anthropic/claude-sonnet-4-6");
            double perCall = (USAGE.input() * prices.input() + USAGE.cached() * prices.cacheRead() + USAGE.output() * prices.output()) / 1e6;
            assertSolved(attempt, server, calls, calls * (USAGE.input() + USAGE.cached()), calls * perCall, command);
            for (StreamingModelServer.Seen seen : server.seen()) {
                assertEquals(KEY, seen.header("x-api-key"), "the provider saw the real key: " + seen.path());
            }
        }
    }

    @Test
    void codexAppliesTheFixThroughExecCommandAndTheRunPassesWithItsTokensPriced() throws Exception {
        String command = applyFix();
        List<Reply> script = List.of(Reply.tool("exec_command", JSON.createObjectNode().put("cmd", command).toString()), Reply.answer("done"));
        try (StreamingModelServer server = new StreamingModelServer(script).requireToken(KEY).usage(USAGE)) {
            Path attempt = run(server, "codex", "openai/gpt-5", "OPENAI_API_KEY", "OPENAI_BASE_URL", server.root() + "/v1");

            // Responses: input_tokens are the whole prompt, of which cached_tokens were cache reads
            long calls = modelCalls(server);
            ModelCatalog.Prices prices = prices("openai/gpt-5");
            double perCall = ((USAGE.input() - USAGE.cached()) * prices.input() + USAGE.cached() * prices.cacheRead()
                    + USAGE.output() * prices.output()) / 1e6;
            assertSolved(attempt, server, calls, calls * USAGE.input(), calls * perCall, command);
            for (StreamingModelServer.Seen seen : server.seen()) {
                assertEquals("Bearer " + KEY, seen.header("authorization"), "the provider saw the real key: " + seen.path());
            }
        }
    }

    /** The shell command the model sends: the gold diff from a heredoc into git apply, in /app. */
    private String applyFix() {
        assertFalse(goldDiff.contains("ARENA_GOLD_FIX"), "the heredoc's end marker is not in the diff");
        return "cd /app && git apply <<'ARENA_GOLD_FIX'\n" + goldDiff + (goldDiff.endsWith("\n") ? "" : "\n") + "ARENA_GOLD_FIX";
    }

    private static ModelCatalog.Prices prices(String model) {
        ModelCatalog.Prices prices = ModelCatalog.bundled().prices(ModelRef.parse(model)).orElseThrow();
        assertNull(prices.tier(), "one price level, so the cost is the plain sum");
        assertTrue(prices.input() > 0 && prices.output() > 0 && prices.cacheRead() > 0, prices.toString());
        return prices;
    }

    /** The calls the server answered for the agent: the turns of the script. */
    private static long modelCalls(StreamingModelServer server) {
        long calls = server.seen().stream()
                .filter(s -> s.method().equals("POST") && (s.path().endsWith("/messages") || s.path().endsWith("/responses"))).count();
        assertEquals(2, calls, "the tool call, then the answer: " + server.seen());
        return calls;
    }

    private void assertSolved(Path attempt, StreamingModelServer server, long calls, long inputTokens, double cost, String command)
            throws Exception {
        JsonNode result = Json.mapper().readTree(attempt.resolve("result.json").toFile());
        assertEquals("passed", result.path("verdict").asText(), result.toString());
        assertEquals(0, result.path("exit_code").asInt(-1), result.toString());
        assertEquals(0, result.path("tests_failed").asInt(-1), result.toString());
        List<String> hidden = new ArrayList<>();
        for (JsonNode test : result.path("tests")) {
            if (test.path("name").asText().contains("task_tests.py")) {
                assertEquals("passed", test.path("outcome").asText(), test.toString());
                hidden.add(test.path("name").asText());
            }
        }
        assertFalse(hidden.isEmpty(), "the task's hidden tests ran: " + result.path("tests"));

        assertEquals(calls, result.path("iterations").asLong(), result.toString());
        assertEquals(inputTokens, result.path("input_tokens").asLong(), result.toString());
        assertEquals(calls * USAGE.output(), result.path("output_tokens").asLong(), result.toString());
        assertTrue(result.path("cost_usd").isNumber(), result.toString());
        assertEquals(cost, result.path("cost_usd").asDouble(), 1e-9, result.toString());

        String patch = Files.readString(attempt.resolve("patch.diff"));
        assertTrue(patch.contains("textkit/lru.py") && patch.contains("+        self._data.move_to_end(key)"), patch);

        List<String> lines = Files.readAllLines(attempt.resolve("model_calls.jsonl")).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(calls, lines.size(), "one line per call");
        for (String line : lines) {
            assertEquals(200, Json.mapper().readTree(line).path("status").asInt(), line);
        }
        try (Stream<Path> files = Files.walk(attempt)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(file).contains(KEY), "the key is in " + file);
            }
        }

        JsonNode trajectory = Json.mapper().readTree(attempt.resolve("trajectory.json").toFile());
        assertEquals("answered", trajectory.path("stop_reason").asText(), trajectory.toString());
        List<String> commands = new ArrayList<>();
        for (JsonNode step : trajectory.path("steps")) {
            for (JsonNode call : step.path("tool_calls")) {
                commands.add(call.path("arguments").path("command").asText(""));
            }
        }
        assertTrue(commands.stream().anyMatch(c -> c.contains("git apply") && c.contains("self._data.move_to_end(key)")),
                "the shell command is a step of the trajectory: " + commands + " (sent: " + command + ")");
        assertTrue(server.seen().stream().allMatch(s -> s.body().isEmpty() || !s.body().contains("task_diff.txt")),
                "nothing the CLI sent names the gold diff's file");
    }

    /** One {@code arena run --local} of the task with only this CLI's key and upstream in the environment; the attempt's folder. */
    private Path run(StreamingModelServer server, String agent, String model, String keyVariable, String baseUrlVariable, String baseUrl)
            throws Exception {
        String runId = "solves-" + agent;
        List<String> command = new ArrayList<>(List.of("run", "--local", "--runs-dir", tmp.resolve("runs").toString(),
                "--datasets-dir", Path.of("examples", "datasets").toString(), "--datasets", DATASET, "--tasks", TASK,
                "--agent", agent, "--model", model, "--run-id", runId, "--task-timeout", "10m"));
        command.addAll(TestImages.buildArgFlags());
        ArenaProcess.Outcome outcome = ArenaProcess.run(tmp, Map.of(keyVariable, KEY, baseUrlVariable, baseUrl), command);
        assertEquals(0, outcome.exit(), outcome.out() + outcome.err());
        return tmp.resolve("runs").resolve(runId).resolve(DATASET).resolve(TASK);
    }
}
