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
