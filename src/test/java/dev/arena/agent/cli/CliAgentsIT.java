package dev.arena.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.Json;
import dev.arena.agent.AgentContext;
import dev.arena.agent.llm.ModelRef;
import dev.arena.agent.llm.Provider;
import dev.arena.dataset.Task;
import dev.arena.dataset.TaskDescription;
import dev.arena.agent.llm.Budget;
import dev.arena.gateway.ModelGateways;
import dev.arena.gateway.Upstream;
import dev.arena.result.AgentUsage;
import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.sandbox.ExecResult;
import dev.arena.sandbox.Sandbox;
import dev.arena.sandbox.SandboxNetwork;
import dev.arena.sandbox.SandboxSpec;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.ScriptedModelServer.Reply;
import dev.arena.testing.StreamingModelServer;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Claude Code and Codex (pinned builds from npm, in the default agent cache) in real
 * containers of the local base image, behind the real model gateway, against
 * {@link StreamingModelServer} as the provider: each CLI runs the scripted command through its own
 * shell tool, the provider sees only the real key, no trace of the key is in the sandbox, and the
 * calls are metered and logged.
 */
@RequiresDocker
class CliAgentsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REAL_KEY = "sk-real-upstream-key-4b1e";
    private static final String COMMAND = "echo fixed > answer.txt";

    @TempDir
    Path temp;
    private DockerSandboxProvider provider;
    private Sandbox sandbox;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> saved = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        provider = DockerSandboxProvider.connect();
        sandbox = provider.start(new SandboxSpec(TestImages.baseImage(), "arena-it-cli-" + System.nanoTime(), 2L << 30, 1.0,
                "bridge", Map.of("arena.test", "cli-agents"), SandboxSpec.DEFAULT_PIDS_LIMIT, SandboxSpec.DEFAULT_NOFILE));
        sandbox.exec("mkdir -p /app", Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        sandbox.close();
        provider.close();
    }

    @Test
    void claudeCodeSolvesThroughItsBashToolWithTheKeyOnlyAtTheProvider() throws Exception {
        List<Reply> script = List.of(Reply.tool("Bash", JSON.createObjectNode().put("command", COMMAND).toString()), Reply.answer("done"));
        try (StreamingModelServer server = new StreamingModelServer(script).requireToken(REAL_KEY)) {
            CliAgent agent = agent(new ClaudeCodeCli(), "anthropic/claude-sonnet-4-6",
                    new Upstream(Provider.ANTHROPIC, URI.create(server.root()), REAL_KEY), Budget.NONE);

            AgentUsage usage = agent.solve(context());

            assertSolvedAndMetered(server, usage, "Bash");
        }
    }

    @Test
    void codexSolvesThroughExecCommandWithTheKeyOnlyAtTheProvider() throws Exception {
        List<Reply> script = List.of(Reply.tool("exec_command", JSON.createObjectNode().put("cmd", COMMAND).toString()), Reply.answer("done"));
        try (StreamingModelServer server = new StreamingModelServer(script).requireToken(REAL_KEY)) {
            CliAgent agent = agent(new CodexCli(), "openai/gpt-5",
                    new Upstream(Provider.OPENAI, URI.create(server.root() + "/v1"), REAL_KEY), Budget.NONE);

            AgentUsage usage = agent.solve(context());

            assertSolvedAndMetered(server, usage, "command_execution");
        }
    }

    @Test
    void aSpentTokenBudgetStopsCodexAtTheGatewayAndKeepsItsWork() throws Exception {
        List<Reply> script = List.of(Reply.tool("exec_command", JSON.createObjectNode().put("cmd", COMMAND).toString()), Reply.answer("done"));
        try (StreamingModelServer server = new StreamingModelServer(script).requireToken(REAL_KEY)) {
            CliAgent agent = agent(new CodexCli(), "openai/gpt-5",
                    new Upstream(Provider.OPENAI, URI.create(server.root() + "/v1"), REAL_KEY), Budget.tokens(10));

            AgentUsage usage = agent.solve(context());

            assertEquals(1, server.seen().stream().filter(s -> s.method().equals("POST")).count(), "the second call never left the gateway");
            assertEquals(1, usage.iterations());
            assertEquals("fixed\n", text("/app/answer.txt"), "the work before the budget ran out stays for grading");
            assertEquals("budget", Json.mapper().readTree(saved.get("trajectory.json")).path("stop_reason").asText());
        }
    }

    @Test
    void codexOnANetworkOfItsOwnReachesOnlyTheGatewayAndSolves() throws Exception {
        List<Reply> script = List.of(Reply.tool("exec_command", JSON.createObjectNode().put("cmd", COMMAND).toString()), Reply.answer("done"));
        SandboxNetwork network = provider.network("arena-it-cli-net-" + System.nanoTime(), Map.of("arena.test", "cli-agents"));
        sandbox.close();
        sandbox = provider.start(new SandboxSpec(TestImages.baseImage(), "arena-it-cli-" + System.nanoTime(), 2L << 30, 1.0,
                network.name(), Map.of("arena.test", "cli-agents"), SandboxSpec.DEFAULT_PIDS_LIMIT, SandboxSpec.DEFAULT_NOFILE));
        try (StreamingModelServer server = new StreamingModelServer(script).requireToken(REAL_KEY)) {
            sandbox.exec("mkdir -p /app", Duration.ofSeconds(30));
            CliAgent agent = agent(new CodexCli(), "openai/gpt-5",
                    new Upstream(Provider.OPENAI, URI.create(server.root() + "/v1"), REAL_KEY), Budget.NONE);

            AgentUsage usage = agent.solve(context(network::allowTcp));

            assertEquals(network.gateway(), sandbox.networkGateway(), "the gateway listens on the network's own host address");
            assertSolvedAndMetered(server, usage, "command_execution");
        } finally {
            sandbox.close();
            network.close();
        }
    }

    private void assertSolvedAndMetered(StreamingModelServer server, AgentUsage usage, String toolName) throws Exception {
        assertEquals("fixed\n", text("/app/answer.txt"), String.join("\n", log));
        JsonNode trajectory = Json.mapper().readTree(saved.get("trajectory.json"));
        assertEquals("answered", trajectory.path("stop_reason").asText(), trajectory.toString());
        assertTrue(trajectory.path("steps").findValuesAsText("name").contains(toolName), trajectory.toString());

        List<StreamingModelServer.Seen> posts = server.seen().stream().filter(s -> s.method().equals("POST")).toList();
        assertEquals(2, posts.size(), "two turns");
        for (StreamingModelServer.Seen post : posts) {
            assertTrue(post.streamed(), "the CLI streams through the gateway");
        }
        assertEquals(2, usage.iterations());
        assertTrue(usage.inputTokens() > 0 && usage.outputTokens() > 0, usage.toString());
        String calls = new String(saved.get("model_calls.jsonl"), StandardCharsets.UTF_8);
        assertEquals(2, calls.lines().count());
        assertFalse(calls.contains(REAL_KEY));

        // what the agent (or anything it runs) could read: the environment, PID 1's, its files
        ExecResult probe = sandbox.exec("env; tr '\\0' '\\n' < /proc/1/environ; grep -rl '" + REAL_KEY + "' /app /arena-agent /root /tmp /etc"
                + " 2>/dev/null; true", Duration.ofSeconds(60));
        assertFalse(probe.output().contains(REAL_KEY), probe.output());
    }

    private CliAgent agent(CliFlavor flavor, String model, Upstream upstream, Budget budget) {
        return new CliAgent(flavor, null, ModelRef.parse(model), upstream, budget,
                new CliExecutables(NpmFetcher.fromEnvironment(System.getenv())), ModelGateways::at);
    }

    private AgentContext context() {
        return context(port -> { });
    }

    private AgentContext context(IntConsumer openPort) {
        TaskDescription description = new TaskDescription("t", "Write fixed into answer.txt", null, null, null, List.of(), Map.of());
        return new AgentContext(sandbox, new Task("t1", temp), description, 10, Instant.now().plus(Duration.ofMinutes(8)), log::add, saved::put,
                openPort);
    }

    private String text(String path) {
        return new String(sandbox.readFile(path), StandardCharsets.UTF_8);
    }
}
