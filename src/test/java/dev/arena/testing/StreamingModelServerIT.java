package dev.arena.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.agent.cli.AgentPackage;
import dev.arena.agent.cli.AgentPackages;
import dev.arena.agent.cli.Libc;
import dev.arena.agent.cli.NpmFetcher;
import dev.arena.testing.ScriptedModelServer.Reply;
import dev.arena.testing.StreamingModelServer.Seen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Claude Code and Codex executables (the pinned builds from npm, cached in the default
 * agent cache) run on this host against {@link StreamingModelServer}: the script makes each call its
 * own shell tool to write {@code answer.txt}, then finish. Proves the server streams both protocols
 * well enough for the vendors' own clients, and shows what each CLI sends.
 */
class StreamingModelServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "arena-test-token-7f3c";
    private static final String COMMAND = "echo fixed > answer.txt";

    @TempDir
    Path temp;

    @Test
    void claudeCodeRunsTheScriptedCommandThroughItsBashToolOverStreamedMessages() throws Exception {
        Path claude = executable(AgentPackages.CLAUDE_CODE);
        List<Reply> script = List.of(Reply.tool("Bash", JSON.createObjectNode().put("command", COMMAND).toString()),
                Reply.answer("done"));
        try (StreamingModelServer server = new StreamingModelServer(script).requireToken(TOKEN)) {
            Run run = run(List.of(claude.toString(), "-p", "Write fixed into answer.txt", "--output-format", "stream-json",
                    "--verbose", "--dangerously-skip-permissions", "--model", "claude-test-model"), Map.of(
                    "IS_SANDBOX", "1",
                    "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1",
                    "DISABLE_AUTOUPDATER", "1",
                    "ANTHROPIC_BASE_URL", server.root(),
                    "ANTHROPIC_API_KEY", TOKEN));

            assertEquals(0, run.exit(), run.describe());
            assertEquals("fixed\n", Files.readString(run.workdir().resolve("answer.txt")), run.describe());

            List<Seen> seen = server.seen();
            assertEquals(2, seen.size(), "one streamed request per turn, nothing else: " + paths(seen));
            for (Seen request : seen) {
                assertEquals("POST /v1/messages?beta=true", request.method() + " " + request.path() + "?" + request.query());
                assertEquals(TOKEN, request.header("x-api-key"));
                assertTrue(request.streamed(), "Claude Code streams");
                assertTrue(toolNames(request.json().path("tools")).contains("Bash"), "it offers its Bash tool");
            }
            JsonNode result = toolResultInLastMessage(seen.get(1).json().path("messages"));
            assertEquals("tool_result", result.path("type").asText(), result.toString());
            assertEquals("toolu_0_0", result.path("tool_use_id").asText(), "the tool result answers the streamed tool_use");

            List<JsonNode> events = jsonLines(run.stdout());
            assertTrue(events.stream().anyMatch(e -> e.path("type").asText().equals("assistant")
                    && e.path("message").path("content").findValues("name").stream().anyMatch(n -> n.asText().equals("Bash"))
                    && e.path("message").path("content").findValuesAsText("command").contains(COMMAND)),
                    "the stream-json output shows the Bash call: " + run.stdout());
            JsonNode last = events.get(events.size() - 1);
            assertEquals("result", last.path("type").asText(), last.toString());
            assertEquals("done", last.path("result").asText(), last.toString());
            assertEquals(false, last.path("is_error").asBoolean(true), last.toString());
        }
    }

    @Test
    void codexRunsTheScriptedCommandThroughItsExecCommandToolOverStreamedResponses() throws Exception {
        Path codex = executable(AgentPackages.CODEX);
        List<Reply> script = List.of(Reply.tool("exec_command", JSON.createObjectNode().put("cmd", COMMAND).toString()),
                Reply.answer("done"));
        try (StreamingModelServer server = new StreamingModelServer(script).requireToken(TOKEN)) {
            Run run = run(List.of(codex.toString(), "exec", "--json", "--skip-git-repo-check",
                    "--dangerously-bypass-approvals-and-sandbox", "-m", "gpt-test-model",
                    "-c", "model_provider=arena",
                    "-c", "model_providers.arena={name=\"arena\",base_url=\"" + server.root()
                            + "/v1\",env_key=\"ARENA_MODEL_TOKEN\",wire_api=\"responses\"}",
                    "Write fixed into answer.txt"), Map.of("ARENA_MODEL_TOKEN", TOKEN));

            assertEquals(0, run.exit(), run.describe());
            assertEquals("fixed\n", Files.readString(run.workdir().resolve("answer.txt")), run.describe());

            List<Seen> seen = server.seen();
            assertEquals(2, seen.size(), "one streamed request per turn, nothing else: " + paths(seen));
            for (Seen request : seen) {
                assertEquals("POST /v1/responses", request.method() + " " + request.path());
                assertEquals("Bearer " + TOKEN, request.header("authorization"));
                assertTrue(request.streamed(), "Codex streams");
                assertTrue(toolNames(request.json().path("tools")).contains("exec_command"), "it offers exec_command");
            }
            JsonNode input = seen.get(1).json().path("input");
            JsonNode output = input.get(input.size() - 1);
            assertEquals("function_call_output", output.path("type").asText(), output.toString());
            assertEquals("call_0_0", output.path("call_id").asText(), "the output answers the streamed function call");

            List<JsonNode> events = jsonLines(run.stdout());
            assertTrue(events.stream().anyMatch(e -> e.path("type").asText().equals("item.completed")
                    && e.path("item").path("type").asText().equals("command_execution")
                    && e.path("item").path("command").asText().contains(COMMAND)
                    && e.path("item").path("exit_code").asInt(-1) == 0),
                    "the JSON output shows the command run: " + run.stdout());
            assertTrue(events.stream().anyMatch(e -> e.path("type").asText().equals("item.completed")
                    && e.path("item").path("type").asText().equals("agent_message")
                    && e.path("item").path("text").asText().equals("done")), run.stdout());
            assertTrue(events.stream().anyMatch(e -> e.path("type").asText().equals("turn.completed")
                    && e.path("usage").path("input_tokens").asInt() > 0), "the streamed usage reaches Codex: " + run.stdout());
        }
    }

    private record Run(int exit, Path workdir, String stdout, String stderr) {
        String describe() {
            return "exit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** Runs in a fresh folder with a fresh HOME and only PATH besides {@code env}; stdin empty, as in a task container. */
    private Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path home = Files.createDirectories(temp.resolve("home"));
        Path workdir = Files.createDirectories(temp.resolve("work"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(temp.resolve("stdout").toFile())
                .redirectError(temp.resolve("stderr").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("HOME", home.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        int exit = process.isAlive() ? -1 : process.exitValue();
        return new Run(exit, workdir, Files.readString(temp.resolve("stdout")), Files.readString(temp.resolve("stderr")));
    }

    /** The pinned build from the default cache (downloaded once); skipped without the npm registry, failing under CI. */
    private Path executable(AgentPackage agent) throws IOException {
        NpmFetcher fetcher = NpmFetcher.fromEnvironment(System.getenv());
        Requirement.check(NpmRegistryReachable.problem(fetcher.registry()));
        return fetcher.fetch(agent, null, Libc.GLIBC, Files.createDirectories(temp.resolve("bin")));
    }

    private static List<String> toolNames(JsonNode tools) {
        List<String> names = new ArrayList<>();
        tools.forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    private static JsonNode toolResultInLastMessage(JsonNode messages) {
        JsonNode content = messages.get(messages.size() - 1).path("content");
        List<JsonNode> results = new ArrayList<>();
        content.forEach(block -> {
            if (block.path("type").asText().equals("tool_result")) {
                results.add(block);
            }
        });
        return results.isEmpty() ? content : results.get(0);
    }

    private static List<String> paths(List<Seen> seen) {
        return seen.stream().map(s -> s.method() + " " + s.path()).toList();
    }

    private static List<JsonNode> jsonLines(String text) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("{")) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }
}
