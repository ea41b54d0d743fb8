package dev.arena.k8s;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.arena.ArenaException;
import dev.arena.dataset.DatasetLoader;
import dev.arena.images.RegistryClient;
import dev.arena.run.Executor;
import dev.arena.run.ExecutorContract;
import dev.arena.run.PodEvaluation;
import dev.arena.run.RunPlan;
import dev.arena.run.ValidationService;
import dev.arena.run.WorkItem;
import dev.arena.store.ArtifactStore;
import dev.arena.store.Stores;
import dev.arena.transfer.DatasetCatalog;
import dev.arena.transfer.DatasetUploader;
import dev.arena.transfer.TransferListener;
import io.kubernetes.client.openapi.models.V1Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link ExecutorContract} on {@link ClusterExecutor}: fabric8's mock API server with what
 * {@code arena deploy} leaves there, a bucket in memory holding the uploaded datasets. No
 * controller runs, so {@code start} only stores the plan and creates the Job; "progress" is the
 * pods' part, played by {@link PodEvaluation} for each index on the contract's fake sandboxes,
 * which stores result.json in the bucket as a pod does.
 * <p>
 * Resume submits one more Job of the run over the items without a result; its pods are played
 * the same way, each mapping its completion index through the Job's item list.
 */
class ClusterExecutorContractTest extends ExecutorContract {
    // the default helper refuses the doesNotExist precondition results are written with
    private final Storage storage = LocalStorageHelper.customOptions(false).getService();
    private final BiFunction<String, String, ArtifactStore> stores = (b, p) -> ClusterFixture.store(storage, b, p);
    private final List<ClusterStatus> jobViews = new CopyOnWriteArrayList<>();
    private MockCluster mock;
    private Cluster cluster;

    @Override
    protected Executor open() throws Exception {
        mock = new MockCluster();
        cluster = mock.cluster(ClusterFixture.NS);
        ClusterFixture.deploy(cluster, Map.of());
        new DatasetUploader(new DatasetCatalog(datasetsInBucket()), ValidationService::validate, TransferListener.NONE)
                .upload(DatasetLoader.loadAll(datasets));
        ClusterExecutor.Listener listener = new ClusterExecutor.Listener() {
            @Override
            public void job(ClusterStatus status) {
                jobViews.add(status);
            }
        };
        return new ClusterExecutor(cluster, new ClusterRunService(cluster, Templates.standard(), stores, new RegistryClient(host -> null)),
                stores, ClusterFixture.BUCKET, null, null, listener);
    }

    @AfterEach
    void stopCluster() {
        if (mock != null) {
            mock.close();
        }
    }

    @Override
    protected ArtifactStore runs() {
        return stores.apply(ClusterFixture.BUCKET, Stores.RUNS_PREFIX);
    }

    private ArtifactStore datasetsInBucket() {
        return stores.apply(ClusterFixture.BUCKET, Stores.DATASETS_PREFIX);
    }

    /** Pod i of the Job: item i of the plan, the dataset from the bucket, a work folder of its own. */
    @Override
    protected void progress(Executor.Outcome started) throws Exception {
        for (int i = 0; i < started.plan().items().size(); i++) {
            PodEvaluation.Outcome pod = new PodEvaluation(runs(), datasetsInBucket(), root.resolve("pod-" + started.runId() + "-" + i),
                    () -> sandboxes, host -> null, new PodEvaluation.Policy(java.util.Set.of(), false)).evaluate(started.runId(), i, 0, 2); // the check: PodEvaluationMetadataCheckTest
            assertTrue(pod.result().isPresent(), "pod " + i + " evaluated " + pod.item().label());
        }
    }

    @Override
    protected void resumeAfterALostResult(RunPlan plan, WorkItem lost) throws Exception {
        V1Job first = jobs().get(0);
        first.setStatus(new io.kubernetes.client.openapi.models.V1JobStatus().succeeded(6).completedIndexes("0-5")
                .addConditionsItem(new io.kubernetes.client.openapi.models.V1JobCondition().type("Complete").status("True")));
        cluster.batch().replaceNamespacedJobStatus(first.getMetadata().getName(), ClusterFixture.NS, first).execute();

        Executor.Outcome resumed = executor.resume(plan.runId(), false);

        assertNull(resumed.status(), "the resume Job goes on in the cluster");
        assertEquals(1, resumed.evaluated(), "one item submitted");
        List<V1Job> jobs = jobs();
        assertEquals(2, jobs.size(), "the run's Job and its resume Job");
        V1Job resume = jobs.stream().filter(j -> !j.getMetadata().getName().equals(first.getMetadata().getName())).findFirst().orElseThrow();
        assertEquals(1, resume.getSpec().getCompletions());
        String items = resume.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(dev.arena.run.JobItems.ENV)).findFirst().orElseThrow().getValue();
        assertEquals(String.valueOf(plan.items().indexOf(lost)), items);

        PodEvaluation.Outcome pod = new PodEvaluation(runs(), datasetsInBucket(), root.resolve("pod-resume"), () -> sandboxes,
                host -> null, new PodEvaluation.Policy(java.util.Set.of(), false))
                .evaluate(plan.runId(), new PodEvaluation.JobIndex(0, dev.arena.run.JobItems.parse(items), 0, 2, 0, 0));
        assertEquals(lost, pod.item());
        assertTrue(runs().exists(plan.resultKey(lost)), "the lost item evaluated again");
        assertTrue(executor.status(plan.runId()).complete());
    }

    private List<V1Job> jobs() throws RuntimeException {
        try {
            return cluster.batch().listNamespacedJob(ClusterFixture.NS).execute().getItems();
        } catch (io.kubernetes.client.openapi.ApiException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void startSubmitsOneIndexedJobAndReturnsWithoutWaiting() throws Exception {
        Executor.Outcome outcome = start("cluster-start");

        assertNull(outcome.status(), "the run goes on in the cluster");
        assertFalse(outcome.clean());
        assertEquals(6, outcome.evaluated(), "items submitted");
        assertEquals("gs://" + ClusterFixture.BUCKET + "/runs/cluster-start/", outcome.location());
        List<V1Job> jobs = jobs();
        assertEquals(1, jobs.size());
        assertEquals("arena-cluster-start", jobs.get(0).getMetadata().getName());
        assertEquals(6, jobs.get(0).getSpec().getCompletions(), "a pod per item");
    }

    @Test
    void statusHandsTheJobsViewToTheListenerAndTheRefusedSecondStartMadeNoJob() throws Exception {
        start("cluster-status");
        assertThrows(ArenaException.class, () -> start("cluster-status"));

        executor.status("cluster-status");

        assertEquals(1, jobs().size());
        assertEquals(1, jobViews.size());
        assertEquals("arena-cluster-status", jobViews.get(0).job().name());
        assertEquals(6, jobViews.get(0).results().items());
        assertEquals(6, jobViews.get(0).job().completions());
    }
}
