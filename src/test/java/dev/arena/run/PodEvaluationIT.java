package dev.arena.run;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.agent.cli.AgentPackages;
import dev.arena.agent.cli.BucketTarballs;
import dev.arena.agent.cli.CliAgent;
import dev.arena.agent.cli.NpmFetcher;
import dev.arena.dataset.DatasetLoader;
import dev.arena.eval.EvalSettings;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.store.ArtifactStore;
import dev.arena.store.GcsStore;
import dev.arena.store.Stores;
import dev.arena.testing.Fixtures;
import dev.arena.testing.NpmRegistryReachable;
import dev.arena.testing.Requirement;
import dev.arena.testing.ScriptedModelServer.Reply;
import dev.arena.testing.StreamingModelServer;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import dev.arena.transfer.DatasetCatalog;
import dev.arena.transfer.DatasetUploader;
import dev.arena.transfer.TransferListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a pod of a cluster run does, on the real Docker engine, with the bucket in memory. */
@RequiresDocker
class PodEvaluationIT {
    private static final String DIFF = Fixtures.FIX_VALUE_DIFF;

    @TempDir
    Path root;

    @Test
    void indexToItemFromTheBucketResultUploadedAndASecondPodSkips() throws Exception {
        Path datasets = root.resolve("datasets");
        Path ds = Fixtures.dataset(datasets, "podcalc", "COPY value.txt ./\n",
                "#!/bin/sh\ngrep -q fixed value.txt && echo '1 passed, 0 failed' || { echo '0 passed, 1 failed'; exit 1; }\n",
                Map.of("value.txt", "broken\n"));
        Fixtures.task(ds, "t1", DIFF, Map.of());
        Fixtures.task(ds, "t2", DIFF, Map.of());

        Storage storage = LocalStorageHelper.customOptions(false).getService(); // the default refuses the doesNotExist precondition results are written with
        ArtifactStore runs = new GcsStore(storage, "bucket", Stores.RUNS_PREFIX);
        ArtifactStore bucketDatasets = new GcsStore(storage, "bucket", Stores.DATASETS_PREFIX);
        new DatasetUploader(new DatasetCatalog(bucketDatasets), ValidationService::validate, TransferListener.NONE).upload(DatasetLoader.loadAll(datasets));
        RunPlan plan = RunPlanner.plan(new RunRequest(datasets, List.of(), List.of(), 1, "pod-run",
                TestImages.settings("oracle", Duration.ofMinutes(3))));
        new RunRepository(runs).savePlan(plan);

        PodEvaluation.Outcome first = new PodEvaluation(runs, bucketDatasets, root.resolve("work1"), () -> DockerSandboxProvider.connect(Duration.ofSeconds(30)), host -> null, new PodEvaluation.Policy(java.util.Set.of(), false))
                .evaluate("pod-run", 1, 0, 2);
        assertEquals(new WorkItem("podcalc", "t2", 1), first.item());
        assertEquals(Verdict.PASSED, first.result().orElseThrow().verdict(), first.toString());
        assertTrue(runs.exists("pod-run/podcalc/t2/result.json"));
        assertTrue(runs.exists("pod-run/podcalc/t2/patch.diff"));
        assertFalse(runs.exists("pod-run/podcalc/t1/result.json"), "only the pod's own item");

        // the Job retries an index whose pod died after uploading: the second pod must not redo it
        PodEvaluation.Outcome second = new PodEvaluation(runs, bucketDatasets, root.resolve("work2"), () -> DockerSandboxProvider.connect(Duration.ofSeconds(30)), host -> null, new PodEvaluation.Policy(java.util.Set.of(), false))
                .evaluate("pod-run", 1, 1, 2);
        assertTrue(second.result().isEmpty());

        ArenaException outOfRange = assertThrows(ArenaException.class, () -> new PodEvaluation(runs, bucketDatasets,
                root.resolve("work3"), () -> DockerSandboxProvider.connect(Duration.ofSeconds(30)), host -> null, new PodEvaluation.Policy(java.util.Set.of(), false)).evaluate("pod-run", 2, 0, 2));
        assertEquals(ExitCode.USAGE, outOfRange.exitCode());
        ArenaException noRun = assertThrows(ArenaException.class, () -> new PodEvaluation(runs, bucketDatasets,
                root.resolve("work4"), () -> DockerSandboxProvider.connect(Duration.ofSeconds(30)), host -> null, new PodEvaluation.Policy(java.util.Set.of(), false)).evaluate("no-such-run", 0, 0, 2));
        assertEquals(ExitCode.USAGE, noRun.exitCode());
    }

    /**
     * A pod of a cluster run of codex: the real executable, published to the bucket as {@code arena
     * run} does (from npm, through the agent cache), taken from the bucket with npm out of reach,
     * solves the task through the real gateway against the streaming test server on the attempt's
     * internal network.
     */
    @Test
    void theRealCodexFromTheBucketCopySolvesATaskInAPod() throws Exception {
        NpmFetcher npm = NpmFetcher.fromEnvironment(System.getenv());
        Requirement.check(NpmRegistryReachable.problem(npm.registry()));
        Path datasets = root.resolve("datasets");
        Path ds = Fixtures.dataset(datasets, "podcodex", "COPY value.txt ./\n",
                "#!/bin/sh\ngrep -q fixed value.txt && echo '1 passed, 0 failed' || { echo '0 passed, 1 failed'; exit 1; }\n",
                Map.of("value.txt", "broken\n"));
        Fixtures.task(ds, "t1", DIFF, Map.of());
        Storage storage = LocalStorageHelper.customOptions(false).getService();
        ArtifactStore runs = new GcsStore(storage, "bucket", Stores.RUNS_PREFIX);
        ArtifactStore bucketDatasets = new GcsStore(storage, "bucket", Stores.DATASETS_PREFIX);
        ArtifactStore agents = Stores.local(root.resolve("bucket-agents")); // the tarball is ~170 MB: on disk, not in memory
        new DatasetUploader(new DatasetCatalog(bucketDatasets), ValidationService::validate, TransferListener.NONE).upload(DatasetLoader.loadAll(datasets));
        List<Reply> script = List.of(Reply.tool("exec_command", "{\"cmd\":\"echo fixed > value.txt\"}"), Reply.answer("done"));
        try (StreamingModelServer server = new StreamingModelServer(script).requireToken("sk-pod-key")) {
            String baseUrl = server.root() + "/v1";
            RunPlan plan = RunPlanner.plan(new RunRequest(datasets, List.of(), List.of(), 1, "codex-pod",
                    EvalSettings.builder().agent("codex").model("openai/gpt-5").taskTimeout(Duration.ofMinutes(6))
                            .memoryBytes(2L << 30).cpus(1.0).network("internal").buildArgs(TestImages.buildArgs())
                            .modelBaseUrl(baseUrl).build()))
                    .withAgentTarballs(BucketTarballs.publish(AgentPackages.CODEX, null, npm, agents));
            new RunRepository(runs).savePlan(plan);
            Map<String, String> podEnv = Map.of("OPENAI_API_KEY", "sk-pod-key", NpmFetcher.REGISTRY_ENV, "http://127.0.0.1:9");

            TaskResult result = new PodEvaluation(runs, bucketDatasets, root.resolve("work"),
                    () -> DockerSandboxProvider.connect(Duration.ofSeconds(30)), host -> null,
                    new PodEvaluation.Policy(java.util.Set.of(baseUrl), false), System::currentTimeMillis, PodEvaluation.Output.NONE,
                    (settings, tarballs) -> CliAgent.named("codex", null, settings.agentSettings(), tarballs, podEnv), agents)
                    .evaluate("codex-pod", 0, 0, 2).result().orElseThrow();

            assertEquals(Verdict.PASSED, result.verdict(), result.error());
            assertEquals(2, server.seen().stream().filter(x -> x.method().equals("POST")).count(), "two model calls through the gateway");
        }
    }
}
