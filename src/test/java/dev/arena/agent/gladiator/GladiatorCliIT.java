package dev.arena.agent.gladiator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.ScriptedModelServer;
import dev.arena.testing.ScriptedModelServer.Protocol;
import dev.arena.testing.ScriptedModelServer.Reply;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code arena run --agent gladiator} as users start it: the shaded jar in its own process, the
 * key in its environment, a scripted OpenAI-compatible server behind --model-base-url, pass@2.
 */
@RequiresDocker
class GladiatorCliIT {
    private static final String KEY = "sk-test-SECRET-4711";

    @TempDir
    Path tmp;

    @Test
    void passAtTwoRunsTwoIndependentAttemptsWithTrajectoriesAndTheKeyStaysInTheJvm() throws Exception {
        List<Reply> script = List.of(
                Reply.tool("search_replace", "{\"file_path\": \"textkit/lru.py\", \"old_string\": \"            return default\\n"
                        + "        self.hits += 1\\n\", \"new_string\": \"            return default\\n        self._data.move_to_end(key)\\n"
                        + "        self.hits += 1\\n\"}"),
                Reply.tool("run_terminal_cmd", "{\"command\": \"env; python3 -m pytest -q tests 2>&1 | tail -3\"}"),
                Reply.answer("Fixed."));
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.OPENAI, script)) {
            Process p = arena(Map.of("OPENAI_API_KEY", KEY), "--model", "openai/gpt-4o", "--model-base-url", server.baseUrl(),
                    "--pass-at", "2", "--parallel", "2", "--run-id", "gl");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(15, TimeUnit.MINUTES));
            String err = stderr();
            assertEquals(0, p.exitValue(), err);
            assertEquals("gl", out.strip());

            Path task = tmp.resolve("runs/gl/py-textkit/task-1");
            for (int attempt = 1; attempt <= 2; attempt++) {
                Path dir = task.resolve("attempt-" + attempt);
                JsonNode result = Json.mapper().readTree(dir.resolve("result.json").toFile());
                assertEquals("passed", result.path("verdict").asText(), result.toString());
                assertEquals(2, result.path("pass_at_k").asInt());
                assertEquals(3, result.path("iterations").asInt());
                assertEquals("openai/gpt-4o", result.path("model").asText());
                assertTrue(result.path("cost_usd").asDouble() > 0);
                JsonNode trajectory = Json.mapper().readTree(dir.resolve("trajectory.json").toFile());
                assertEquals("answered", trajectory.path("stop_reason").asText());
                String env = trajectory.path("steps").get(1).path("tool_calls").get(0).path("result").asText();
                assertTrue(env.contains("PATH=") && env.contains("passed"), env);
            }
            assertEquals(6, server.requests().size(), "two attempts of three calls each");
            JsonNode plan = Json.mapper().readTree(tmp.resolve("runs/gl/run.json").toFile());
            assertEquals(server.baseUrl(), plan.path("settings").path("model_base_url").asText());
            try (Stream<Path> files = Files.walk(tmp.resolve("runs"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains(KEY), "the API key leaked into " + f);
                }
            }
        }
    }

    @Test
    void modelSettingsReachTheApiAndAreRecordedWithThePromptAsItsHash() throws Exception {
        Path prompt = Files.writeString(tmp.resolve("prompt.txt"), "You are a careful engineer. Answer tersely.\n");
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.ANTHROPIC,
                List.of(Reply.tool("list_dir", "{\"relative_workspace_path\": \".\"}"), Reply.answer("Nothing to change.")))) {
            Process p = arena(Map.of("ANTHROPIC_API_KEY", KEY), "--model", "anthropic/claude-sonnet-4-5", "--model-base-url",
                    server.baseUrl(), "--run-id", "tuned", "--reasoning-effort", "low", "--max-output-tokens", "9000",
                    "--system-prompt-file", prompt.toString());
            p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(15, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue(), stderr());

            // sha256sum of the prompt file, computed outside Java
            String sha = "cede8e710ade0944b5efbcde7786e33321392e533a18a80d685a19c4742e2a9a";
            JsonNode settings = Json.mapper().readTree(tmp.resolve("runs/tuned/run.json").toFile()).path("settings");
            assertEquals("low", settings.path("model_settings").path("reasoning_effort").asText());
            assertEquals(9000, settings.path("model_settings").path("max_output_tokens").asInt());
            assertTrue(settings.path("model_settings").path("temperature").isNull());
            assertEquals(sha, settings.path("model_settings").path("system_prompt_sha256").asText());
            assertEquals(Files.readString(prompt), settings.path("system_prompt").asText());

            Path resultFile = tmp.resolve("runs/tuned/py-textkit/task-1/result.json");
            JsonNode result = Json.mapper().readTree(resultFile.toFile());
            assertEquals(settings.path("model_settings"), result.path("model_settings"));
            assertFalse(Files.readString(resultFile).contains("careful engineer"), "the prompt is in result.json only as its hash");

            assertEquals(2, server.requests().size());
            for (JsonNode request : server.requests()) {
                assertEquals("You are a careful engineer. Answer tersely.\n", request.path("system").get(0).path("text").asText());
                assertEquals(4000, request.path("thinking").path("budget_tokens").asInt());
                assertEquals(9000, request.path("max_tokens").asInt());
                assertFalse(request.has("temperature"));
            }
            JsonNode replayed = server.requests().get(1).path("messages").get(1).path("content").get(0);
            assertEquals("thinking", replayed.path("type").asText(), "the thinking block went back with its turn");
        }
    }

    @Test
    void aMissingKeyIsAOneLineUsageErrorBeforeAnyWork() throws Exception {
        Process p = arena(Map.of(), "--model", "anthropic/claude-sonnet-4-5");
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String err = stderr();
        assertEquals(2, p.exitValue(), err);
        assertEquals("arena: model anthropic/claude-sonnet-4-5 needs $ANTHROPIC_API_KEY (the anthropic API key); set it in the environment of arena",
                err.strip());
        assertFalse(Files.exists(tmp.resolve("runs")));
    }

    private String stderr() throws Exception {
        try (Stream<Path> files = Files.list(tmp)) {
            Path file = files.filter(f -> f.getFileName().toString().startsWith("stderr-")).findFirst().orElseThrow();
            return Files.readString(file);
        }
    }

    private Process arena(Map<String, String> env, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", Path.of("target", "arena.jar").toString(), "run", "--local",
                "--datasets-dir", Path.of("examples", "datasets").toString(), "--datasets", "py-textkit", "--tasks", "task-1",
                "--agent", "gladiator", "--runs-dir", tmp.resolve("runs").toString(), "--task-timeout", "10m"));
        command.addAll(TestImages.buildArgFlags());
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command);
        for (String name : List.of("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENROUTER_API_KEY", "GEMINI_API_KEY")) {
            builder.environment().remove(name);
        }
        builder.environment().putAll(env);
        // stderr to a file, so a chatty run cannot block on a full pipe while stdout is read
        builder.redirectError(tmp.resolve("stderr-" + System.nanoTime() + ".txt").toFile());
        return builder.start();
    }
}
