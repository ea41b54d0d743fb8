package dev.arena.k8s;

import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobCondition;
import io.kubernetes.client.openapi.models.V1JobStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `arena scale --parallel` against the mock API server, with Job status written the way the controller would. */
class ParallelismScalerTest {
    @TempDir
    Path datasets;

    private MockCluster mock;
    private Cluster cluster;
    private ParallelismScaler scaler;

    @BeforeEach
    void setUp() throws Exception {
        mock = new MockCluster();
        cluster = mock.cluster(ClusterFixture.NS);
        ClusterFixture.deploy(cluster, Map.of());
        ClusterFixture.dataset(datasets, "calc", "t1", "t2", "t3", "t4", "t5", "t6");
        Storage storage = LocalStorageHelper.customOptions(false).getService();
        storage.create(BlobInfo.newBuilder(ClusterFixture.BUCKET, "datasets/calc.tar.gz").build(), new byte[] {1});
        ClusterRunService service = new ClusterRunService(cluster, Templates.standard(), (b, p) -> ClusterFixture.store(storage, b, p),
                new dev.arena.images.RegistryClient(host -> null));
        for (String run : List.of("busy", "done")) {
            service.start(ClusterFixture.request(datasets, List.of("calc"), run, null), null, 4);
        }
        writeStatus("arena-busy", new V1JobStatus().active(4).succeeded(1).completedIndexes("0"));
        writeStatus("arena-done", new V1JobStatus().succeeded(6).completedIndexes("0-5")
                .addConditionsItem(new V1JobCondition().type("Complete").status("True")));
        scaler = new ParallelismScaler(cluster);
    }

    @AfterEach
    void tearDown() {
        mock.close();
    }

    @Test
    void aRunningJobGetsTheNewParallelismAndKeepsEverythingElse() throws Exception {
        V1Job before = job("arena-busy");

        ScaleChange change = scaler.run("busy", 6, false);

        assertEquals("changed       job arena-busy parallelism: 4 -> 6", change.line(false));
        V1Job after = job("arena-busy");
        assertEquals(6, after.getSpec().getParallelism());
        assertEquals(before.getSpec().getCompletions(), after.getSpec().getCompletions());
        assertEquals(before.getSpec().getTemplate(), after.getSpec().getTemplate(), "only the one field is patched");
        assertEquals(before.getMetadata().getLabels(), after.getMetadata().getLabels());
        assertEquals(4, job("arena-done").getSpec().getParallelism(), "the other run's Job is left alone");
    }

    @Test
    void loweringItBelowTheRunningPodsSaysThatPodsStop() {
        ScaleChange change = scaler.run("busy", 1, false);

        assertEquals("changed       job arena-busy parallelism: 4 -> 1 (the Job controller stops 3 of its 4 running pods;"
                + " their items start again later, as after a preemption)", change.line(false));
    }

    @Test
    void aDryRunSaysBeforeAndAfterAndPatchesNothing() throws Exception {
        V1Job before = job("arena-busy");

        ScaleChange change = scaler.run("busy", 2, true);

        assertEquals("would change  job arena-busy parallelism: 4 -> 2 (the Job controller stops 2 of its 4 running pods;"
                + " their items start again later, as after a preemption)", change.line(true));
        assertEquals(before, job("arena-busy"));
    }

    @Test
    void aFinishedOrMissingRunIsBadInput() {
        ArenaException ended = assertThrows(ArenaException.class, () -> scaler.run("done", 2, false));
        assertEquals(ExitCode.USAGE, ended.exitCode());
        assertEquals("the Job arena-done of run done has ended (Complete); only a running Job can be scaled", ended.getMessage());

        ArenaException missing = assertThrows(ArenaException.class, () -> scaler.run("nope", 2, false));
        assertEquals(ExitCode.USAGE, missing.exitCode());
        assertEquals("no Job of run nope in namespace ide-arena; `arena cleanup status` lists the Jobs there", missing.getMessage());

        assertEquals(ExitCode.USAGE, assertThrows(ArenaException.class, () -> scaler.run("busy", 0, false)).exitCode());
    }

    @Test
    void theDefaultParallelismIsOneConfigMapFieldAndTheOthersStay() throws Exception {
        Map<String, String> before = new HashMap<>(configMap().getData());

        ScaleChange dry = scaler.defaults(40, true);
        assertEquals("would change  configmap arena-config max-parallel-tasks: 8 -> 40 (runs started from now on)", dry.line(true));
        assertEquals(before, configMap().getData(), "a dry run changes nothing");

        scaler.defaults(40, false);

        Map<String, String> after = configMap().getData();
        assertEquals("40", after.get(ClusterConfig.MAX_PARALLEL_TASKS));
        before.put(ClusterConfig.MAX_PARALLEL_TASKS, "40");
        assertEquals(before, after);
        assertEquals(40, ClusterConfig.fromData(after).maxParallelTasks(), "arena run reads it back");
        assertTrue(!scaler.defaults(40, false).changes(), "setting it again changes nothing");
    }

    @Test
    void withoutTheConfigMapDeployComesFirst() throws Exception {
        cluster.core().deleteNamespacedConfigMap(ClusterConfig.NAME, ClusterFixture.NS).execute();

        ArenaException e = assertThrows(ArenaException.class, () -> scaler.defaults(10, false));

        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertEquals("no ConfigMap arena-config in namespace ide-arena; run `arena deploy` first", e.getMessage());
    }

    @Test
    void poolNodesCountsTheNodesGkeLabelledWithThePool() throws Exception {
        for (String[] n : new String[][] {{"a", "eval"}, {"b", "eval"}, {"c", "default-pool"}}) {
            cluster.core().createNode(new V1Node().apiVersion("v1").kind("Node").metadata(new V1ObjectMeta().name(n[0])
                    .putLabelsItem(PoolNodes.POOL_LABEL, n[1]))).execute();
        }

        assertEquals(2, new PoolNodes(cluster).count("eval"));
        assertEquals(0, new PoolNodes(cluster).count("other"));
    }

    private V1Job job(String name) throws Exception {
        return cluster.batch().readNamespacedJob(name, ClusterFixture.NS).execute();
    }

    private V1ConfigMap configMap() throws Exception {
        return cluster.core().readNamespacedConfigMap(ClusterConfig.NAME, ClusterFixture.NS).execute();
    }

    private void writeStatus(String job, V1JobStatus status) throws Exception {
        V1Job j = job(job);
        j.setStatus(status);
        cluster.batch().replaceNamespacedJobStatus(job, ClusterFixture.NS, j).execute();
    }
}
