package dev.arena.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.agent.AgentContext;
import dev.arena.agent.AgentSettings;
import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.ModelRef;
import dev.arena.agent.llm.Provider;
import dev.arena.dataset.Task;
import dev.arena.dataset.TaskDescription;
import dev.arena.agent.llm.Budget;
import dev.arena.gateway.ModelGateway;
import dev.arena.gateway.Upstream;
import dev.arena.result.AgentUsage;
import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;
import dev.arena.sandbox.SandboxSpec;
import dev.arena.testing.FakeSandboxProvider;
import dev.arena.testing.FakeSandboxProvider.FakeSandbox;
import dev.arena.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.arena.testing.FakeSandboxProvider.ok;
import static dev.arena.testing.FakeSandboxProvider.result;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI agents' wiring on a fake sandbox, a real model gateway on the loopback, a recording
 * upstream and a fake npm registry: the "CLI" is a sandbox rule that does what the real one does
 * with its launcher's environment (calls the gateway with the token it was given, writes its event
 * stream, exits). The real CLIs in containers are left to the end-to-end tests.
 */
class CliAgentTest {
    private static final String REAL_KEY = "sk-ant-real-key-that-must-stay-home";
    private static final String EXECUTABLE = "#!/bin/sh\necho fake claude\n";
    private static final String MESSAGE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-6\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"done\"}],\"stop_reason\":\"end_turn\","
            + "\"usage\":{\"input_tokens\":100,\"output_tokens\":20,\"cache_read_input_tokens\":0,\"cache_creation_input_tokens\":0}}";
    private static final Pattern ENV = Pattern.compile("'([A-Z_]+)=([^']*)'");

    @TempDir
    Path temp;
    private FakeNpmRegistry registry;
    private RecordingUpstream upstream;
    private ModelGateway gateway;
    private final FakeSandboxProvider provider = new FakeSandboxProvider();
    private FakeSandbox sandbox;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> saved = new ConcurrentHashMap<>();
    /** What the simulated CLI got from the gateway, one status per call. */
    private final List<Integer> statuses = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        registry = new FakeNpmRegistry();
        byte[] tarball = FakeNpmRegistry.tgz(Map.of("package/claude", EXECUTABLE));
        registry.document("/@anthropic-ai%2fclaude-code-linux-x64", "9.9.9", Map.of("9.9.9", registry.tarball("claude-9.9.9.tgz", tarball)));
        upstream = new RecordingUpstream();
        upstream.answer("/v1/messages", RecordingUpstream.Answer.json(MESSAGE));
        gateway = ModelGateway.start(InetAddress.getLoopbackAddress(), 0, ModelCatalog.load());
        provider.pull("task-image", null);
        sandbox = (FakeSandbox) provider.start(new SandboxSpec("task-image", "attempt-1", 1L << 30, 1.0, "bridge", Map.of(),
                SandboxSpec.DEFAULT_PIDS_LIMIT, SandboxSpec.DEFAULT_NOFILE));
        provider.on("ls -1 /lib", (s, m, t) -> ok("ld-linux-x86-64.so.2\nlibc.so.6\n"))
                .on("^mkdir -p /arena-agent/bin", (s, m, t) -> ok(""))
                .on("^chmod 755 ", (s, m, t) -> ok(""));
    }

    @AfterEach
    void tearDown() {
        gateway.close();
        upstream.close();
        registry.close();
    }

    @Test
    void theCliGetsTheGatewayAndTokenNeverTheRealKeyAndItsCallsAreMeteredAndStored() throws Exception {
        cliMakes(1, 0, "claude-code-stream.jsonl");
        CliAgent agent = claude(Budget.NONE, URI.create(upstream.root()));

        AgentUsage usage = agent.solve(context());

        String script = text("/arena-agent/run.sh");
        Map<String, String> env = env(script);
        String token = env.get("ANTHROPIC_API_KEY");
        assertEquals(64, token.length(), "the grant's random token, not the key: " + token);
        assertEquals(gateway.address().toString(), env.get("ANTHROPIC_BASE_URL"));
        assertEquals("1", env.get("IS_SANDBOX"));
        assertEquals("1", env.get("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"));
        assertEquals("/arena-agent/home", env.get("HOME"));
        assertTrue(script.contains("exec env -i PATH=\"$PATH\" "), "nothing else of the exec's environment is passed: " + script);
        assertTrue(script.contains("'--model' 'claude-sonnet-4-6'") && script.contains("'--dangerously-skip-permissions'"), script);
        assertTrue(script.contains("\"$(cat /arena-agent/prompt.txt)\""), script);
        assertEquals("Fix the value.", text("/arena-agent/prompt.txt"));
        for (Map.Entry<String, byte[]> file : sandbox.files.entrySet()) {
            assertFalse(new String(file.getValue(), StandardCharsets.UTF_8).contains(REAL_KEY), "the real key is in " + file.getKey());
        }
        assertArrayEquals(EXECUTABLE.getBytes(StandardCharsets.UTF_8), sandbox.files.get("/arena-agent/bin/claude"), "the executable was copied in");
        assertTrue(sandbox.commands().contains("chmod 755 /arena-agent/bin/claude"));

        assertEquals(List.of(200), statuses);
        RecordingUpstream.Seen seen = upstream.seen().get(0);
        assertEquals(REAL_KEY, seen.header("x-api-key"), "the gateway adds the real key on the way out");
        assertFalse(seen.toString().contains(token), "the token never reaches the provider");
        assertEquals(new AgentUsage(1, 100, 20, usage.costUsd()), usage);
        assertNotNull(usage.costUsd(), "a catalogued model is priced");

        JsonNode trajectory = Json.mapper().readTree(saved.get("trajectory.json"));
        assertEquals("answered", trajectory.path("stop_reason").asText());
        assertEquals(2, trajectory.path("steps").size());
        assertEquals(100, trajectory.path("usage").path("input_tokens").asLong());
        String calls = new String(saved.get("model_calls.jsonl"), StandardCharsets.UTF_8);
        assertEquals(1, calls.lines().count());
        assertFalse(calls.contains(REAL_KEY) || calls.contains(token), "keys are redacted in model_calls.jsonl");
        assertTrue(gateway.openGrants().isEmpty(), "the token is revoked when the attempt's agent ends");
        assertEquals("9.9.9", agent.version());
    }

    @Test
    void codexGetsItsOwnProviderPointingAtTheGateway() throws Exception {
        registry.document("/@openai%2fcodex", "0.1.0", Map.of("0.1.0-linux-x64", registry.tarball("codex.tgz",
                FakeNpmRegistry.tgz(Map.of("package/vendor/x86_64-unknown-linux-musl/bin/codex", "codex")))));
        provider.on("^sh /arena-agent/run\\.sh$", (s, m, t) -> ok(""));
        CliAgent agent = new CliAgent(new CodexCli(), "0.1.0", ModelRef.parse("openai/gpt-5"),
                new Upstream(Provider.OPENAI, URI.create(upstream.root() + "/v1"), REAL_KEY), Budget.NONE, executables(), a -> gateway);

        agent.solve(context());

        String script = text("/arena-agent/run.sh");
        Map<String, String> env = env(script);
        assertFalse(env.containsKey("OPENAI_BASE_URL"), "Codex ignores it; the base URL goes in its provider's config");
        assertEquals(64, env.get("OPENAI_API_KEY").length());
        assertTrue(script.contains("base_url=\"" + gateway.address() + "/v1\",env_key=\"OPENAI_API_KEY\",wire_api=\"responses\""), script);
        assertTrue(script.contains("'--dangerously-bypass-approvals-and-sandbox'") && script.contains("'-m' 'gpt-5'"), script);
        assertFalse(script.contains(REAL_KEY));
        assertTrue(sandbox.files.containsKey("/arena-agent/bin/codex"));
    }

    @Test
    void aSpentBudgetStopsTheCliAndTheWorkIsStillGraded() throws Exception {
        cliMakes(2, 1, "claude-code-stream.jsonl");

        AgentUsage usage = claude(Budget.tokens(50), URI.create(upstream.root())).solve(context());

        assertEquals(List.of(200, 400), statuses, "the second call is refused at the gateway");
        assertEquals(1, upstream.seen().size());
        assertEquals(1, usage.iterations());
        assertEquals("budget", Json.mapper().readTree(saved.get("trajectory.json")).path("stop_reason").asText());
    }

    @Test
    void anUnreachableUpstreamEndsTheAttemptAsAModelApiError() throws Exception {
        cliMakes(1, 1, "claude-code-stream.jsonl");
        URI closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }

        EvaluationException e = assertThrows(EvaluationException.class, () -> claude(Budget.NONE, closed).solve(context()));

        assertEquals(ErrorKind.MODEL_API, e.kind());
        assertTrue(e.getMessage().contains("could not be reached"), e.getMessage());
        assertEquals(List.of(502), statuses);
        assertNotNull(e.usage());
        JsonNode trajectory = Json.mapper().readTree(saved.get("trajectory.json"));
        assertEquals("model_error", trajectory.path("stop_reason").asText());
        assertNotNull(saved.get("model_calls.jsonl"));
    }

    @Test
    void aCliThatExitsNonZeroStillReturnsForGradingAndTheExitIsLogged() throws Exception {
        cliMakes(1, 3, "claude-code-stream.jsonl");

        AgentUsage usage = claude(Budget.NONE, URI.create(upstream.root())).solve(context());

        assertEquals(1, usage.iterations());
        assertTrue(log.stream().anyMatch(l -> l.contains("claude-code: exited 3")), log.toString());
        assertEquals("cli_error", Json.mapper().readTree(saved.get("trajectory.json")).path("stop_reason").asText());
    }

    @Test
    void aSandboxWithoutANetworkIsAnAgentError() {
        sandbox.networkGateway = null;

        EvaluationException e = assertThrows(EvaluationException.class,
                () -> claude(Budget.NONE, URI.create(upstream.root())).solve(context()));

        assertEquals(ErrorKind.AGENT, e.kind());
        assertTrue(e.getMessage().contains("needs a network"), e.getMessage());
    }

    @Test
    void settingsAreCheckedBeforeAnyAttempt() {
        Map<String, String> env = Map.of("ANTHROPIC_API_KEY", REAL_KEY, "ARENA_NPM_REGISTRY", registry.uri().toString(),
                "XDG_CACHE_HOME", temp.resolve("xdg").toString());
        AgentSettings openai = new AgentSettings("claude-code", "openai/gpt-5", null, 10);
        ArenaException wrongProvider = assertThrows(ArenaException.class, () -> CliAgent.fromSettings(new ClaudeCodeCli(), "9.9.9", openai, env));
        assertTrue(wrongProvider.getMessage().contains("anthropic/MODEL"), wrongProvider.getMessage());

        AgentSettings sonnet = new AgentSettings("claude-code", "anthropic/claude-sonnet-4-6", null, 10);
        ArenaException badVersion = assertThrows(ArenaException.class, () -> CliAgent.fromSettings(new ClaudeCodeCli(), "1.0.0", sonnet, env));
        assertEquals(ExitCode.USAGE, badVersion.exitCode());
        assertTrue(badVersion.getMessage().startsWith("unknown version 1.0.0 of @anthropic-ai/claude-code-linux-x64"), badVersion.getMessage());

        ArenaException noKey = assertThrows(ArenaException.class, () -> CliAgent.fromSettings(new ClaudeCodeCli(), "9.9.9", sonnet,
                Map.of("ARENA_NPM_REGISTRY", registry.uri().toString())));
        assertTrue(noKey.getMessage().contains("ANTHROPIC_API_KEY"), noKey.getMessage());

        assertEquals("9.9.9", CliAgent.fromSettings(new ClaudeCodeCli(), "9.9.9", sonnet, env).version());
        AgentSettings capped = new AgentSettings("claude-code", "anthropic/claude-sonnet-4-6", null, 10, null, null, null,
                dev.arena.agent.llm.Budget.tokens(700));
        assertEquals(dev.arena.agent.llm.Budget.tokens(700), CliAgent.fromSettings(new ClaudeCodeCli(), "9.9.9", capped, env).budget(),
                "--max-tokens-per-task reaches the agent's grants");
    }

    /** The simulated CLI: {@code calls} calls to the gateway as its launcher says, the recorded stream, then {@code exit}. */
    private void cliMakes(int calls, int exit, String stream) {
        provider.on("^sh /arena-agent/run\\.sh$", (s, m, t) -> {
            Map<String, String> env = env(new String(s.files.get("/arena-agent/run.sh"), StandardCharsets.UTF_8));
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < calls; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(env.get("ANTHROPIC_BASE_URL") + "/v1/messages"))
                        .header("x-api-key", env.get("ANTHROPIC_API_KEY")).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":100,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build();
                try {
                    statuses.add(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            try {
                s.files.put("/arena-agent/events.jsonl", Files.readAllBytes(Path.of(getClass().getResource("/agent-cli/" + stream).toURI())));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return result(exit, "", exit == 0 ? "" : "claude: API error\n");
        });
    }

    @Test
    void everyAttemptOfTheProcessCopiesTheSameExtractedExecutableInsteadOfUnpackingItAgain() {
        // an agent is made per attempt: each gets its own CliExecutables over the same cache
        Path first = executables().get(AgentPackages.CLAUDE_CODE, "9.9.9", Libc.GLIBC);
        Path second = executables().get(AgentPackages.CLAUDE_CODE, "9.9.9", Libc.GLIBC);

        assertEquals(first, second, "one extraction per process and tarball");
        assertEquals(1, registry.requestsTo("/tarballs/claude-9.9.9.tgz"), "the tarball was downloaded once: " + registry.requests);
    }

    private CliAgent claude(Budget budget, URI upstreamRoot) {
        return new CliAgent(new ClaudeCodeCli(), "9.9.9", ModelRef.parse("anthropic/claude-sonnet-4-6"),
                new Upstream(Provider.ANTHROPIC, upstreamRoot, REAL_KEY), budget, executables(), a -> gateway);
    }

    private CliExecutables executables() {
        return new CliExecutables(new NpmFetcher(registry.uri(), temp.resolve("cache")));
    }

    private AgentContext context() {
        TaskDescription description = new TaskDescription("t", "Fix the value.", null, null, null, List.of(), Map.of());
        return new AgentContext(sandbox, new Task("t1", temp), description, 10, Instant.now().plus(Duration.ofMinutes(10)),
                log::add, saved::put);
    }

    private String text(String path) {
        return new String(sandbox.files.get(path), StandardCharsets.UTF_8);
    }

    private static Map<String, String> env(String script) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        Matcher m = ENV.matcher(script);
        while (m.find()) {
            env.put(m.group(1), m.group(2));
        }
        return env;
    }
}
