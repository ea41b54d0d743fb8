package dev.arena.k8s;

import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeployerTest {
    private final MockCluster mock = new MockCluster();
    private final Cluster cluster = mock.cluster("arena-ns");
    private final Deployer deployer = new Deployer(cluster, new Manifests(Templates.standard()));

    @AfterEach
    void tearDown() {
        mock.close();
    }

    private static List<String> changes(List<Deployer.Step> steps) {
        return steps.stream().map(s -> s.object() + " " + s.change().name().toLowerCase()).toList();
    }

    @Test
    void secondDeployChangesNothingAndAChangedSettingUpdatesOnlyTheConfigMap() throws Exception {
        String gsa = "arena-eval@proj.iam.gserviceaccount.com";
        assertEquals(List.of("namespace arena-ns created", "serviceaccount arena-evaluator created", "configmap arena-config created",
                "secret arena-api-keys created"), changes(deployer.deploy(ClusterFixture.config(), gsa, Map.of("OPENAI_API_KEY", "sk-1"))));
        int before = mock.requests();
        assertEquals(List.of("namespace arena-ns unchanged", "serviceaccount arena-evaluator unchanged", "configmap arena-config unchanged",
                "secret arena-api-keys unchanged"), changes(deployer.deploy(ClusterFixture.config(), gsa, Map.of("OPENAI_API_KEY", "sk-1"))));
        assertEquals(4, mock.requests() - before, "an unchanged deploy only reads");

        ClusterConfig wider = new ClusterConfig(ClusterFixture.config().image(), ClusterFixture.BUCKET, 50, 35, "oracle",
                Duration.ofMinutes(30), "500m", "1Gi", Duration.ofHours(6));
        assertEquals(List.of("namespace arena-ns unchanged", "serviceaccount arena-evaluator unchanged", "configmap arena-config updated",
                "secret arena-api-keys unchanged"), changes(deployer.deploy(wider, gsa, Map.of())));
        assertEquals("50", cluster.core().readNamespacedConfigMap("arena-config", "arena-ns").execute().getData().get("max-parallel-tasks"));
        V1ServiceAccount sa = cluster.core().readNamespacedServiceAccount("arena-evaluator", "arena-ns").execute();
        assertEquals(gsa, sa.getMetadata().getAnnotations().get("iam.gke.io/gcp-service-account"));
    }

    @Test
    void theAllowedModelBaseUrlsAreOneConfigMapFieldThatRoundTrips() throws Exception {
        ClusterConfig c = ClusterFixture.config();
        deployer.deploy(c, null, Map.of());
        assertEquals("", cluster.core().readNamespacedConfigMap("arena-config", "arena-ns").execute().getData().get("allowed-model-base-urls"),
                "none allowed unless deploy says so");
        ClusterConfig allowing = new ClusterConfig(c.image(), c.bucket(), c.maxParallelTasks(), c.maxIterations(), c.defaultAgent(),
                c.taskTimeout(), c.evaluatorCpu(), c.evaluatorMemory(), c.jobTtl(), List.of("https://proxy.example/v1", "http://10.0.0.5:8000"));
        deployer.deploy(allowing, null, Map.of());
        Map<String, String> data = cluster.core().readNamespacedConfigMap("arena-config", "arena-ns").execute().getData();
        assertEquals("https://proxy.example/v1,http://10.0.0.5:8000", data.get("allowed-model-base-urls"));
        assertEquals(allowing, ClusterConfig.fromData(data));
        Map<String, String> older = new java.util.HashMap<>(data);
        older.remove("allowed-model-base-urls"); // a ConfigMap from before the field: none allowed
        assertEquals(List.of(), ClusterConfig.fromData(older).allowedModelBaseUrls());
    }

    @Test
    void theSecretHoldsOnlyKeysThatAreSetAndKeepsKeysSetEarlier() throws Exception {
        deployer.deploy(ClusterFixture.config(), null, Map.of("ANTHROPIC_API_KEY", "a-1"));
        List<Deployer.Step> steps = deployer.deploy(ClusterFixture.config(), null, Map.of("OPENAI_API_KEY", "o-1"));
        assertEquals("secret arena-api-keys updated", changes(steps).get(3));
        V1Secret s = cluster.core().readNamespacedSecret("arena-api-keys", "arena-ns").execute();
        assertEquals(Map.of("ANTHROPIC_API_KEY", "a-1", "OPENAI_API_KEY", "o-1"), text(s.getData()));
        deployer.deploy(ClusterFixture.config(), null, Map.of("OPENAI_API_KEY", "o-2"));
        assertEquals("o-2", text(cluster.core().readNamespacedSecret("arena-api-keys", "arena-ns").execute().getData()).get("OPENAI_API_KEY"));
    }

    private static Map<String, String> text(Map<String, byte[]> data) {
        Map<String, String> m = new java.util.TreeMap<>();
        data.forEach((k, v) -> m.put(k, new String(v, StandardCharsets.UTF_8)));
        return m;
    }
}
