package dev.arena.k8s;

import dev.arena.Labels;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.arena.run.RunRepository;
import dev.arena.run.RunStatus;
import dev.arena.store.Stores;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobCondition;
import io.kubernetes.client.openapi.models.V1JobStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** status, --wait and cleanup over Jobs and pods whose status the test writes the way the controllers would. */
class JobStatusAndCleanupTest {
    @TempDir
    Path datasets;

    private MockCluster mock;
    private Cluster cluster;
    private final Storage storage = LocalStorageHelper.customOptions(false).getService();
    private RunRepository runs;

    @BeforeEach
    void setUp() throws Exception {
        mock = new MockCluster();
        cluster = mock.cluster(ClusterFixture.NS);
        ClusterFixture.deploy(cluster, Map.of());
        ClusterFixture.dataset(datasets, "calc", "t1", "t2", "t3");
        storage.create(BlobInfo.newBuilder(ClusterFixture.BUCKET, "datasets/calc.tar.gz").build(), new byte[] {1});
        runs = new RunRepository(ClusterFixture.store(storage, ClusterFixture.BUCKET, Stores.RUNS_PREFIX));
        ClusterRunService service = new ClusterRunService(cluster, Templates.standard(), (b, p) -> ClusterFixture.store(storage, b, p), new dev.arena.images.RegistryClient(host -> null));
        for (String run : List.of("done", "broken", "busy")) {
            service.start(ClusterFixture.request(datasets, List.of("calc"), run, null), null, null);
        }
        writeStatus("arena-done", new V1JobStatus().succeeded(3).completedIndexes("0-2").addConditionsItem(condition("Complete")));
        writeStatus("arena-broken", new V1JobStatus().succeeded(2).failed(1).completedIndexes("0,2").failedIndexes("1")
                .addConditionsItem(condition("FailureTarget")).addConditionsItem(condition("Failed")));
        writeStatus("arena-busy", new V1JobStatus().active(3).completedIndexes("0"));
    }

    @AfterEach
    void tearDown() {
        mock.close();
    }

    @Test
    void statusCombinesTheJobWithTheBucketAndNamesStuckPodsAndWhy() throws Exception {
        pod("busy-0", "busy", "0", new V1PodStatus().phase("Running"));
        pod("busy-1", "busy", "1", new V1PodStatus().phase("Pending").addConditionsItem(new V1PodCondition()
                .type("PodScheduled").status("False").reason("Unschedulable").message("0/3 nodes are available: untolerated taint")));
        pod("busy-2", "busy", "2", new V1PodStatus().phase("Pending").addContainerStatusesItem(container("evaluator",
                new V1ContainerState().waiting(new V1ContainerStateWaiting().reason("ImagePullBackOff").message("not found")), null)));
        pod("busy-3", "busy", "1", new V1PodStatus().phase("Running").addInitContainerStatusesItem(container("docker-daemon",
                new V1ContainerState(), new V1ContainerState().terminated(new V1ContainerStateTerminated().reason("OOMKilled").exitCode(137)))));
        pod("busy-4", "busy", "2", new V1PodStatus().phase("Pending"));
        pod("done-0", "done", "0", new V1PodStatus().phase("Pending"));

        RunStatus results = runs.status(runs.loadPlan("busy"));
        // the server sets creation times itself; a clock 25 minutes ahead makes the pending pod old
        Jobs later = new Jobs(cluster, java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(25)));
        assertEquals(3, ClusterStatus.of(new Jobs(cluster), results, "busy").orElseThrow().stuck().size(), "pending briefly is normal");
        ClusterStatus s = ClusterStatus.of(later, results, "busy").orElseThrow();
        assertEquals(3, s.job().completions());
        assertEquals(3, s.job().active());
        assertEquals(1, s.job().completedIndexCount());
        assertEquals(0, s.results().done());
        List<String> stuck = s.stuck().stream().map(p -> p.pod() + " " + p.index() + " " + p.reason()).toList();
        assertEquals(List.of("busy-1 1 Unschedulable", "busy-2 2 ImagePullBackOff", "busy-3 1 OOMKilled", "busy-4 2 Pending"), stuck);
        assertTrue(s.stuck().get(0).detail().contains("untolerated taint"));

        JobState broken = ClusterStatus.of(new Jobs(cluster), results, "broken").orElseThrow().job();
        assertEquals("Failed", broken.ended());
        assertEquals(1, broken.failedIndexCount());
        assertTrue(ClusterStatus.of(new Jobs(cluster), results, "never-submitted").isEmpty());
    }

    @Test
    void cleanupSelectsByStateAndDeletesJobsOnly() {
        JobCleaner cleaner = new JobCleaner(new Jobs(cluster));
        assertEquals(List.of("arena-done"), names(cleaner.select(JobCleaner.Which.COMPLETED, null)));
        assertEquals(List.of("arena-broken"), names(cleaner.select(JobCleaner.Which.FAILED, null)));
        assertEquals(3, cleaner.select(JobCleaner.Which.ALL, null).size());
        assertEquals(List.of("arena-busy"), names(cleaner.select(JobCleaner.Which.ALL, "busy")));
        assertEquals(List.of(), names(cleaner.select(JobCleaner.Which.COMPLETED, "busy")));

        cleaner.delete(cleaner.select(JobCleaner.Which.FAILED, null));
        assertEquals(List.of("arena-busy", "arena-done"), names(new Jobs(cluster).list(null)).stream().sorted().toList());
        assertTrue(runs.exists("broken"), "results and plan stay in the bucket");
    }

    @Test
    void waitReturnsTheSummaryOfAFinishedRunAndDeletesItsJob() throws Exception {
        List<ClusterStatus> seen = new ArrayList<>();
        RunStatus status = new RunWatcher(new Jobs(cluster), runs, Duration.ofMillis(10)).await("done", seen::add);
        assertEquals(3, status.items());
        assertEquals(1, seen.size());
        assertEquals("Complete", seen.get(0).job().ended());
        assertTrue(runs.savedSummary("done").isPresent());
        assertTrue(new Jobs(cluster).forRun("done").isEmpty());
    }

    private static List<String> names(List<JobState> jobs) {
        return jobs.stream().map(JobState::name).toList();
    }

    private static V1JobCondition condition(String type) {
        return new V1JobCondition().type(type).status("True");
    }

    private void writeStatus(String job, V1JobStatus status) throws Exception {
        V1Job j = cluster.batch().readNamespacedJob(job, ClusterFixture.NS).execute();
        j.setStatus(status);
        cluster.batch().replaceNamespacedJobStatus(job, ClusterFixture.NS, j).execute();
    }

    private static V1ContainerStatus container(String name, V1ContainerState state, V1ContainerState last) {
        return new V1ContainerStatus().name(name).image("x").imageID("").ready(false).restartCount(0).state(state).lastState(last);
    }

    private void pod(String name, String runId, String index, V1PodStatus status) throws Exception {
        V1Pod pod = new V1Pod().apiVersion("v1").kind("Pod").metadata(new V1ObjectMeta().name(name)
                .labels(KubeNames.labelValues(Labels.forRun(runId, "oracle", null))).putAnnotationsItem(StuckPod.INDEX_ANNOTATION, index));
        cluster.core().createNamespacedPod(ClusterFixture.NS, pod).execute();
        V1Pod stored = cluster.core().readNamespacedPod(name, ClusterFixture.NS).execute();
        stored.setStatus(status);
        cluster.core().replaceNamespacedPodStatus(name, ClusterFixture.NS, stored).execute();
    }
}
