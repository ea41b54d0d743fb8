package dev.arena.k8s;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.images.ImagePublisher;
import dev.arena.images.RegistryClient;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;
import dev.arena.sandbox.DockerEngine;
import dev.arena.store.Stores;
import dev.arena.testing.LocalRegistry;
import dev.arena.testing.RequiresDocker;
import dev.arena.transfer.DatasetCatalog;
import dev.arena.transfer.DatasetUploader;
import dev.arena.transfer.TransferListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster run pins the images `upload --build-images` recorded, and its preflight refuses to
 * submit while one of them is missing from the registry: before any pod starts.
 */
@RequiresDocker
class PrebuiltPreflightIT {
    @TempDir
    Path root;

    private MockCluster mock;
    private Cluster cluster;
    private LocalRegistry registry;
    private final Storage storage = LocalStorageHelper.customOptions(false).getService();

    @BeforeEach
    void setUp() throws Exception {
        LocalRegistry.require();
        registry = LocalRegistry.start(root.resolve("registry"));
        mock = new MockCluster();
        cluster = mock.cluster(ClusterFixture.NS);
        ClusterFixture.deploy(cluster, Map.of());
        ClusterFixture.dataset(root.resolve("datasets"), "calc", "task-1");
        ClusterFixture.dataset(root.resolve("datasets"), "other", "task-1");
    }

    @AfterEach
    void tearDown() {
        mock.close();
        registry.close();
    }

    private ClusterRunService service() {
        return new ClusterRunService(cluster, Templates.standard(), (b, p) -> ClusterFixture.store(storage, b, p),
                new RegistryClient(host -> null));
    }

    private DatasetCatalog catalog() {
        return new DatasetCatalog(ClusterFixture.store(storage, ClusterFixture.BUCKET, Stores.DATASETS_PREFIX));
    }

    private DatasetUploader uploader() {
        return new DatasetUploader(catalog(), dev.arena.run.ValidationService::validate, TransferListener.NONE);
    }

    @Test
    void theRecordedImageIsPinnedByDigestAndADatasetWithoutOneIsNamed() throws Exception {
        List<Dataset> datasets = DatasetLoader.loadAll(root.resolve("datasets"));
        uploader().upload(datasets);
        Dataset calc = datasets.stream().filter(d -> d.name().equals("calc")).findFirst().orElseThrow();
        ImagePublisher.Published pushed;
        try (DockerEngine engine = DockerEngine.connect()) {
            pushed = new ImagePublisher(engine, new RegistryClient(host -> null))
                    .publish(calc, Map.of("BASE_IMAGE", dev.arena.testing.TestImages.baseImage()), registry.host() + "/arena-it", l -> { });
        }
        catalog().recordImages(Map.of("calc", new DatasetCatalog.Image(pushed.reference(), pushed.digest())));

        ClusterRunService.Submitted s = service().start(ClusterFixture.request(root.resolve("datasets"), List.of(), "pinned", null), null, null);

        assertEquals(List.of("other"), s.buildInPods());
        RunPlan plan = new RunRepository(ClusterFixture.store(storage, ClusterFixture.BUCKET, Stores.RUNS_PREFIX)).loadPlan("pinned");
        assertTrue(plan.prebuiltImages());
        assertEquals(Map.of("calc", pushed.digestReference()), plan.pinnedImages());
    }

    @Test
    void aRecordedImageMissingFromTheRegistryStopsTheRunBeforeAnyJob() throws Exception {
        uploader().upload(DatasetLoader.loadAll(root.resolve("datasets")));
        String gone = registry.host() + "/arena-it/arena-task/calc@sha256:" + "1".repeat(64);
        String alsoGone = registry.host() + "/arena-it/arena-task/other@sha256:" + "2".repeat(64);
        catalog().recordImages(Map.of(
                "calc", new DatasetCatalog.Image(registry.host() + "/arena-it/arena-task/calc:abc", "sha256:" + "1".repeat(64)),
                "other", new DatasetCatalog.Image(registry.host() + "/arena-it/arena-task/other:def", "sha256:" + "2".repeat(64))));

        ArenaException e = assertThrows(ArenaException.class, () -> service().start(
                ClusterFixture.request(root.resolve("datasets"), List.of(), "missing", null), null, null));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("prebuilt image(s) missing from the registry: calc (" + gone + "), other (" + alsoGone
                + "); run `arena upload --build-images` again", e.getMessage());
        assertTrue(cluster.batch().listNamespacedJob(ClusterFixture.NS).execute().getItems().isEmpty(), "no Job was created");
        assertTrue(!new RunRepository(ClusterFixture.store(storage, ClusterFixture.BUCKET, Stores.RUNS_PREFIX)).exists("missing"),
                "no plan was stored");
    }
}
