package dev.arena.images;

import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.sandbox.ImageRef;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.run.LocalExecutor;
import dev.arena.run.PodEvaluation;
import dev.arena.run.RunListener;
import dev.arena.run.RunPlan;
import dev.arena.run.RunPlanner;
import dev.arena.run.RunRepository;
import dev.arena.run.RunRequest;
import dev.arena.sandbox.DockerEngine;
import dev.arena.store.ArtifactStore;
import dev.arena.store.GcsStore;
import dev.arena.store.LocalStore;
import dev.arena.store.RunLayout;
import dev.arena.store.Stores;
import dev.arena.testing.Fixtures;
import dev.arena.testing.LocalRegistry;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import dev.arena.transfer.DatasetCatalog;
import dev.arena.transfer.DatasetUploader;
import dev.arena.transfer.TransferListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prebuilt task images against a real local registry and the real Docker engine. */
@RequiresDocker
class PrebuiltImagesIT {
    @TempDir
    static Path registryDir;
    private static LocalRegistry registry;

    @TempDir
    Path root;

    @BeforeAll
    static void startRegistry() throws Exception {
        LocalRegistry.require();
        registry = LocalRegistry.start(registryDir);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private String registryPath() {
        return registry.host() + "/arena-it";
    }

    /** A one-task dataset whose image content is unique to this test, so its tag is new to the registry. */
    private Dataset dataset(String name) {
        Path ds = Fixtures.dataset(root.resolve("datasets"), name, "COPY value.txt marker.txt ./\n",
                "#!/bin/sh\ngrep -q fixed value.txt && echo '1 passed, 0 failed' || { echo '0 passed, 1 failed'; exit 1; }\n",
                Map.of("value.txt", "broken\n", "marker.txt", UUID.randomUUID() + "\n"));
        Fixtures.task(ds, "t1", Fixtures.FIX_VALUE_DIFF, Map.of());
        return DatasetLoader.load(ds);
    }

    private static RegistryClient client() {
        return new RegistryClient(host -> null);
    }

    @Test
    void buildPushesByContentTagAndASecondBuildSkipsTheTagTheRegistryHas() throws Exception {
        Dataset ds = dataset("prebuilt-push");
        List<String> log = new ArrayList<>();
        try (DockerEngine engine = DockerEngine.connect()) {
            ImagePublisher publisher = new ImagePublisher(engine, client());

            ImagePublisher.Published first = publisher.publish(ds, TestImages.buildArgs(), registryPath(), log::add);

            assertEquals(ImagePublisher.State.BUILT, first.state());
            ImageRef expected = ImagePublisher.remoteRef(registryPath(), ds, TestImages.buildArgs());
            assertEquals(expected.toString(), first.reference());
            assertTrue(expected.path().equals("arena-it/arena-task/prebuilt-push"), expected.path());
            assertNotNull(first.digestReference());
            assertTrue(first.size() > 0);
            assertEquals(200, registry.get("/v2/" + expected.path() + "/manifests/" + first.digest()), "pullable by digest");
            assertEquals(first.digest(), client().digest(expected).orElseThrow(), "the registry API reports the pushed digest");
            assertTrue(log.stream().anyMatch(l -> l.contains("COPY value.txt")), "build output reported: " + log);

            ImagePublisher.Published again = publisher.publish(ds, TestImages.buildArgs(), registryPath(), l -> { });
            assertEquals(ImagePublisher.State.IN_REGISTRY, again.state(), "the registry has the tag: nothing built or pushed");
            assertEquals(first.digestReference(), again.digestReference());
        }
    }

    @Test
    void aLocalRunWithPrebuiltImagesPinsTheDigestAndPullsIt() throws Exception {
        Dataset ds = dataset("prebuilt-local");
        String digestRef;
        try (DockerEngine engine = DockerEngine.connect()) {
            digestRef = new ImagePublisher(engine, client())
                    .publish(ds, TestImages.buildArgs(), registryPath(), l -> { }).digestReference();
        }
        removeLocally(digestRef); // so the run has to fetch it from the registry

        LocalStore runs = new LocalStore(root.resolve("runs"));
        LocalExecutor service = new LocalExecutor(DockerSandboxProvider::connect, runs, 1, RunListener.NONE, host -> null,
                new PrebuiltLookup(client(), registryPath()));
        service.start(new RunRequest(root.resolve("datasets"), List.of("prebuilt-local"), List.of(), 1, "pinned",
                TestImages.settings("oracle", Duration.ofMinutes(3))));

        RunPlan plan = new RunRepository(runs).loadPlan("pinned");
        assertTrue(plan.prebuiltImages());
        assertEquals(digestRef, plan.datasets().get(0).image(), "the plan pins the image by digest");
        TaskResult result = TaskResult.parse(runs.get("pinned/prebuilt-local/t1/result.json").orElseThrow()).orElseThrow();
        assertEquals(Verdict.PASSED, result.verdict(), result.toString());
        assertEquals(digestRef, result.image(), "the task ran in the pinned image");
        String taskLog = text(runs, "pinned/prebuilt-local/t1/" + RunLayout.TASK_LOG);
        assertTrue(taskLog.contains("image " + digestRef + " (pulled in"), taskLog);
    }

    @Test
    void aPodPullsTheImageTheManifestRecordsAndBuildsWhenNoneIsRecorded() throws Exception {
        Dataset withImage = dataset("prebuilt-pod");
        Dataset without = dataset("prebuilt-none");
        Storage storage = LocalStorageHelper.customOptions(false).getService();
        ArtifactStore runs = new GcsStore(storage, "bucket", Stores.RUNS_PREFIX);
        ArtifactStore bucketDatasets = new GcsStore(storage, "bucket", Stores.DATASETS_PREFIX);
        DatasetCatalog catalog = new DatasetCatalog(bucketDatasets);
        DatasetUploader uploader = new DatasetUploader(catalog, dev.arena.run.ValidationService::validate, TransferListener.NONE);
        uploader.upload(List.of(withImage, without));
        ImagePublisher.Published pushed;
        try (DockerEngine engine = DockerEngine.connect()) {
            pushed = new ImagePublisher(engine, client()).publish(withImage, TestImages.buildArgs(), registryPath(), l -> { });
        }
        catalog.recordImages(Map.of("prebuilt-pod", new DatasetCatalog.Image(pushed.reference(), pushed.digest())));
        removeLocally(pushed.digestReference());

        DatasetCatalog.Entry entry = catalog.readManifest().get("prebuilt-pod");
        assertEquals(pushed.reference(), entry.image());
        assertEquals(pushed.digestReference(), entry.imageDigestReference());

        RunPlan plan = RunPlanner.plan(new RunRequest(root.resolve("datasets"), List.of(), List.of(), 1, "pod-run",
                TestImages.settings("oracle", Duration.ofMinutes(3)))).withPrebuiltImages(Map.of("prebuilt-pod", entry.imageDigestReference()));
        new RunRepository(runs).savePlan(plan);

        int podIndex = plan.items().indexOf(plan.items().stream().filter(i -> i.dataset().equals("prebuilt-pod")).findFirst().orElseThrow());
        TaskResult pulled = new PodEvaluation(runs, bucketDatasets, root.resolve("work1"), () -> DockerSandboxProvider.connect(Duration.ofSeconds(30)), host -> null, new PodEvaluation.Policy(java.util.Set.of(), false))
                .evaluate("pod-run", podIndex, 0, 2).result().orElseThrow();
        assertEquals(Verdict.PASSED, pulled.verdict(), pulled.toString());
        assertEquals(pushed.digestReference(), pulled.image());
        assertTrue(text(runs, "pod-run/prebuilt-pod/t1/" + RunLayout.TASK_LOG).contains("(pulled in"));

        TaskResult built = new PodEvaluation(runs, bucketDatasets, root.resolve("work2"), () -> DockerSandboxProvider.connect(Duration.ofSeconds(30)), host -> null, new PodEvaluation.Policy(java.util.Set.of(), false))
                .evaluate("pod-run", 1 - podIndex, 0, 2).result().orElseThrow();
        assertEquals(Verdict.PASSED, built.verdict(), built.toString());
        String log = text(runs, "pod-run/prebuilt-none/t1/" + RunLayout.TASK_LOG);
        assertTrue(log.contains("no prebuilt image recorded for dataset prebuilt-none; building it from the dataset"), log);
        assertTrue(built.image().startsWith("arena-task/prebuilt-none:"), built.image());
    }

    @Test
    void anImageThatCannotBePulledFallsBackToTheBuildAndSaysSo() throws Exception {
        Dataset ds = dataset("prebuilt-gone");
        String missing = registryPath() + "/arena-task/prebuilt-gone@sha256:" + "0".repeat(64);
        LocalStore runs = new LocalStore(root.resolve("runs"));
        RunPlan plan = RunPlanner.plan(new RunRequest(root.resolve("datasets"), List.of("prebuilt-gone"), List.of(), 1, "gone",
                TestImages.settings("oracle", Duration.ofMinutes(3)))).withPrebuiltImages(Map.of("prebuilt-gone", missing));
        new RunRepository(runs).savePlan(plan);

        new LocalExecutor(DockerSandboxProvider::connect, runs, 1, RunListener.NONE).resume("gone", false);

        TaskResult result = TaskResult.parse(runs.get("gone/prebuilt-gone/t1/result.json").orElseThrow()).orElseThrow();
        assertEquals(Verdict.PASSED, result.verdict(), result.toString());
        String log = text(runs, "gone/prebuilt-gone/t1/" + RunLayout.TASK_LOG);
        assertTrue(log.contains("cannot pull " + missing), log);
        assertTrue(log.contains("building the image from the dataset instead"), log);
        assertTrue(result.image().startsWith("arena-task/prebuilt-gone:"), result.image());
    }

    @Test
    void listShowsNewestFirstAndPruneKeepsTheNewestAndTheCurrent() throws Exception {
        Dataset ds = dataset("prebuilt-prune");
        Path marker = ds.dir().resolve("marker.txt");
        List<String> digests = new ArrayList<>();
        try (DockerEngine engine = DockerEngine.connect()) {
            ImagePublisher publisher = new ImagePublisher(engine, client());
            for (int version = 0; version < 3; version++) {
                Files.writeString(marker, "version " + version + " " + UUID.randomUUID() + "\n");
                digests.add(publisher.publish(DatasetLoader.load(ds.dir()), TestImages.buildArgs(), registryPath(), l -> { }).digest());
                Thread.sleep(1100); // build times one second apart at least: the order list and prune go by
            }
        }
        Dataset current = DatasetLoader.load(ds.dir());
        ImageCatalog catalog = new ImageCatalog(client());
        List<ImageCatalog.Listed> listed = catalog.list(registryPath(), current, TestImages.buildArgs());
        assertEquals(List.of(digests.get(2), digests.get(1), digests.get(0)), listed.stream().map(ImageCatalog.Listed::digest).toList());
        assertTrue(listed.get(0).current());

        List<ImageCatalog.Listed> wouldGo = catalog.prune(registryPath(), current, TestImages.buildArgs(), 1, true);
        assertEquals(2, wouldGo.size());
        assertEquals(3, catalog.list(registryPath(), current, TestImages.buildArgs()).size(), "a dry run deletes nothing");

        catalog.prune(registryPath(), current, TestImages.buildArgs(), 1, false);
        List<ImageCatalog.Listed> left = catalog.list(registryPath(), current, TestImages.buildArgs());
        assertEquals(List.of(digests.get(2)), left.stream().map(ImageCatalog.Listed::digest).toList());
    }

    private static String text(ArtifactStore store, String key) {
        return new String(store.get(key).orElseThrow(() -> new AssertionError("no " + key)), StandardCharsets.UTF_8);
    }

    private static void removeLocally(String reference) throws Exception {
        Process p = new ProcessBuilder("docker", "rmi", reference).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "docker rmi " + reference + ": " + out);
    }
}
