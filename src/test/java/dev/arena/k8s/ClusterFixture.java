package dev.arena.k8s;

import com.google.cloud.storage.Storage;
import dev.arena.eval.EvalSettings;
import dev.arena.run.RunRequest;
import dev.arena.store.ArtifactStore;
import dev.arena.store.GcsStore;
import dev.arena.testing.Fixtures;
import io.kubernetes.client.openapi.ApiException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A mock cluster with what `arena deploy` would leave in it, a bucket in memory and local datasets. */
final class ClusterFixture {
    static final String NS = "ide-arena";
    static final String BUCKET = "arena-test";

    private ClusterFixture() {
    }

    static void deploy(Cluster cluster, Map<String, String> keys) throws ApiException {
        Manifests m = new Manifests(Templates.standard());
        cluster.core().createNamespace(m.namespace(cluster.namespace())).execute();
        cluster.core().createNamespacedServiceAccount(cluster.namespace(), m.serviceAccount("arena@p.iam.gserviceaccount.com")).execute();
        cluster.core().createNamespacedConfigMap(cluster.namespace(), m.configMap(config())).execute();
        cluster.core().createNamespacedSecret(cluster.namespace(), m.secret(keys)).execute();
    }

    static ClusterConfig config() {
        return new ClusterConfig("europe-docker.pkg.dev/p/r/arena:0.1.0-abc", BUCKET, 8, 35, "oracle",
                Duration.ofMinutes(30), "500m", "1Gi", Duration.ofHours(6));
    }

    static Path dataset(Path root, String name, String... tasks) {
        Path dir = Fixtures.dataset(root, name, "", "#!/bin/sh\nexit 0\n", Map.of("a.txt", "a\n"));
        for (String t : tasks) {
            Fixtures.task(dir, t, "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-a\n+b\n", Map.of("task_tests.py", "pass\n"));
        }
        return dir;
    }

    static ArtifactStore store(Storage storage, String bucket, String prefix) {
        return new GcsStore(storage, bucket, prefix);
    }

    /** A run of the oracle, or with a model, of the gladiator agent (the one that needs the model's key). */
    static RunRequest request(Path datasets, List<String> names, String runId, String model) {
        return new RunRequest(datasets, names, List.of(), 1, runId,
                EvalSettings.builder().agent(model == null ? "oracle" : "gladiator").model(model)
                        .taskTimeout(Duration.ofMinutes(20)).build());
    }
}
