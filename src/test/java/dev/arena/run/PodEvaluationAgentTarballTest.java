package dev.arena.run;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.agent.cli.AgentPackages;
import dev.arena.agent.cli.AgentTarball;
import dev.arena.agent.cli.BucketTarballs;
import dev.arena.agent.cli.CliAgent;
import dev.arena.agent.cli.FakeNpmRegistry;
import dev.arena.agent.cli.NpmFetcher;
import dev.arena.dataset.DatasetLoader;
import dev.arena.eval.EvalSettings;
import dev.arena.result.ErrorKind;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.store.ArtifactStore;
import dev.arena.store.GcsStore;
import dev.arena.store.Stores;
import dev.arena.testing.FakeSandboxProvider;
import dev.arena.testing.FakeSandboxProvider.FakeSandbox;
import dev.arena.testing.Fixtures;
import dev.arena.transfer.DatasetCatalog;
import dev.arena.transfer.DatasetUploader;
import dev.arena.transfer.TransferListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.arena.testing.FakeSandboxProvider.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pod's part of a codex run: the executable comes from the tarball the operator put in the bucket
 * and pinned in run.json, checked against that pin, with no npm registry reachable. The bucket is
 * in memory, the sandboxes are fakes; the agent, the tarball check and the extraction are the real ones.
 */
class PodEvaluationAgentTarballTest {
    private static final String EXECUTABLE = "#!/bin/sh\necho the pinned codex\n";
    private static final String ENTRY = "package/vendor/x86_64-unknown-linux-musl/bin/codex";
    private static final String VERSION = AgentPackages.CODEX.defaultVersion() + "-linux-x64";

    @TempDir
    Path root;

    private final Storage storage = LocalStorageHelper.customOptions(false).getService();
    private final ArtifactStore runs = new GcsStore(storage, "bucket", Stores.RUNS_PREFIX);
    private final ArtifactStore datasets = new GcsStore(storage, "bucket", Stores.DATASETS_PREFIX);
    private final ArtifactStore agents = new GcsStore(storage, "bucket", Stores.AGENTS_PREFIX);
    private final FakeSandboxProvider sandboxes = new FakeSandboxProvider();
    private Path local;
    private AgentTarball pin;
    /** Where the pod's environment points npm: the fake registry, stopped before the pod starts. */
    private String deadRegistry;

    @BeforeEach
    void publishAsTheOperatorDoes() throws Exception {
        local = root.resolve("datasets");
        Path ds = Fixtures.dataset(local, "calc", "COPY value.txt ./\n", "#!/bin/sh\necho '1 passed, 0 failed'\n",
                Map.of("value.txt", "broken\n"));
        Fixtures.task(ds, "t1", Fixtures.FIX_VALUE_DIFF, Map.of());
        new DatasetUploader(new DatasetCatalog(datasets), ValidationService::validate, TransferListener.NONE)
                .upload(DatasetLoader.loadAll(local));
        try (FakeNpmRegistry npm = new FakeNpmRegistry()) {
            npm.document("/@openai%2fcodex", VERSION, Map.of(VERSION, npm.tarball("codex.tgz", FakeNpmRegistry.tgz(Map.of(ENTRY, EXECUTABLE)))));
            List<AgentTarball> pins = BucketTarballs.publish(AgentPackages.CODEX, null, new NpmFetcher(npm.uri(), root.resolve("npm-cache")), agents);
            pin = pins.get(0);
            deadRegistry = npm.uri().toString();
        }
        sandboxes.on("ls -1 /lib", (s, m, t) -> ok("ld-linux-x86-64.so.2\nlibc.so.6\n"))
                .on("^mkdir -p /arena-agent/bin", (s, m, t) -> ok(""))
                .on("^chmod 755 ", (s, m, t) -> ok(""))
                .on("^sh /arena-agent/run.sh", (s, m, t) -> ok(""));
    }

    private RunPlan planned(String runId, List<AgentTarball> pins) {
        RunPlan plan = RunPlanner.plan(new RunRequest(local, List.of(), List.of(), 1, runId,
                EvalSettings.builder().agent("codex").model("openai/gpt-5")
                        .taskTimeout(Duration.ofMinutes(3)).memoryBytes(1L << 30).cpus(1.0).build()))
                .withAgentTarballs(pins);
        new RunRepository(runs).savePlan(plan);
        return plan;
    }

    /** The pod as PodEvaluate makes it, but with the key and a dead npm registry in the agent's environment. */
    private PodEvaluation pod() {
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test", NpmFetcher.REGISTRY_ENV, deadRegistry,
                "XDG_CACHE_HOME", root.resolve("pod-cache").toString());
        return new PodEvaluation(runs, datasets, root.resolve("work"), () -> sandboxes, host -> null,
                new PodEvaluation.Policy(Set.of(), false), System::currentTimeMillis, PodEvaluation.Output.NONE,
                (settings, tarballs) -> CliAgent.named("codex", null, settings.agentSettings(), tarballs, env), agents);
    }

    private List<String> commands() {
        return sandboxes.started.stream().flatMap(s -> s.commands().stream()).toList();
    }

    @Test
    void theExecutableComesFromTheBucketWithNoRegistryReachable() throws Exception {
        planned("codex-run", List.of(pin));

        TaskResult result = pod().evaluate("codex-run", 0, 0, 2).result().orElseThrow();

        assertEquals(Verdict.PASSED, result.verdict(), String.valueOf(result.error()));
        FakeSandbox agentBox = sandboxes.started.stream().filter(s -> s.files.containsKey("/arena-agent/bin/codex")).findFirst().orElseThrow();
        assertArrayEquals(EXECUTABLE.getBytes(StandardCharsets.UTF_8), agentBox.files.get("/arena-agent/bin/codex"),
                "the executable out of the bucket's tarball was copied in");
        assertTrue(commands().stream().anyMatch(c -> c.startsWith("sh /arena-agent/run.sh")), "and the CLI was run");
    }

    @Test
    void aTamperedTarballInTheBucketIsRefusedAndNothingRuns() throws Exception {
        agents.put(pin.key(), FakeNpmRegistry.tgz(Map.of(ENTRY, "#!/bin/sh\necho not what was pinned\n")));
        planned("tampered", List.of(pin));

        // the last try of the index: the error is the stored result (a try with retries left is set aside and retried)
        TaskResult result = pod().evaluate("tampered", 0, 2, 2).result().orElseThrow();

        assertEquals(Verdict.ERROR, result.verdict());
        assertEquals(ErrorKind.INFRA, result.errorKind());
        assertFalse(result.error().contains("\n"), "one line: " + result.error());
        assertTrue(result.error().startsWith("the tarball of @openai/codex@" + VERSION + " in the bucket at ")
                && result.error().contains("fails its integrity check (expected " + pin.integrity()), result.error());
        assertTrue(sandboxes.started.stream().noneMatch(s -> s.files.containsKey("/arena-agent/bin/codex")), "nothing copied in");
        assertTrue(commands().stream().noneMatch(c -> c.startsWith("sh /arena-agent/run.sh")), "nothing executed");
        assertTrue(runs.exists(new RunRepository(runs).loadPlan("tampered").resultKey(new WorkItem("calc", "t1", 1))));
    }

    @Test
    void aPlanThatPinsNoTarballForTheAgentIsRefusedBeforeAnySandbox() {
        planned("unpinned", List.of());

        ArenaException e = assertThrows(ArenaException.class, () -> pod().evaluate("unpinned", 0, 0, 2));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("run.json pins no tarball of @openai/codex@" + VERSION + "; start the run again with this arena, which pins it",
                e.getMessage());
        assertTrue(commands().stream().noneMatch(c -> c.startsWith("sh /arena-agent/run.sh")), "nothing executed");
    }
}
