package dev.arena.k8s;

import io.kubernetes.client.openapi.models.V1IPBlock;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1NetworkPolicyEgressRule;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPort;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                "secret arena-api-keys created", "networkpolicy arena-eval-pods created"), changes(deployer.deploy(ClusterFixture.config(), gsa, Map.of("OPENAI_API_KEY", "sk-1"))));
        int before = mock.requests();
        assertEquals(List.of("namespace arena-ns unchanged", "serviceaccount arena-evaluator unchanged", "configmap arena-config unchanged",
                "secret arena-api-keys unchanged", "networkpolicy arena-eval-pods unchanged"),
                changes(deployer.deploy(ClusterFixture.config(), gsa, Map.of("OPENAI_API_KEY", "sk-1"))));
        assertEquals(5, mock.requests() - before, "an unchanged deploy only reads");

        ClusterConfig wider = new ClusterConfig(ClusterFixture.config().image(), ClusterFixture.BUCKET, 50, 35, "oracle",
                Duration.ofMinutes(30), "500m", "1Gi", Duration.ofHours(6));
        assertEquals(List.of("namespace arena-ns unchanged", "serviceaccount arena-evaluator unchanged", "configmap arena-config updated",
                "secret arena-api-keys unchanged", "networkpolicy arena-eval-pods unchanged"), changes(deployer.deploy(wider, gsa, Map.of())));
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

    @Test
    void theConfigMapHoldsThePodLimitsWithTheirDefaultsAndAnOlderConfigMapReadsThem() throws Exception {
        deployer.deploy(ClusterFixture.config(), null, Map.of());
        Map<String, String> data = cluster.core().readNamespacedConfigMap("arena-config", "arena-ns").execute().getData();
        assertEquals("docker.io/library/docker:29-dind", data.get("dind-image"));
        assertEquals("1024", data.get("pids-limit"));
        assertEquals("4096", data.get("nofile"));
        assertEquals("50Gi", data.get("docker-data-size"));
        assertEquals("4", data.get("sidecar-cpu"));
        assertEquals("20Gi", data.get("sidecar-storage-request"));
        assertEquals("60Gi", data.get("sidecar-storage-limit"));
        assertEquals(ClusterFixture.config(), ClusterConfig.fromData(data));

        Map<String, String> older = new java.util.HashMap<>(data);
        List.of("dind-image", "pids-limit", "nofile", "docker-data-size", "sidecar-cpu", "sidecar-storage-request",
                "sidecar-storage-limit").forEach(older::remove);
        assertEquals(ClusterConfig.PodLimits.DEFAULTS, ClusterConfig.fromData(older).pod(), "written by an older deploy");

        Map<String, String> pinned = new java.util.HashMap<>(data);
        pinned.put("dind-image", "docker.io/library/docker:29-dind@sha256:" + "0f".repeat(32));
        assertTrue(ClusterConfig.fromData(pinned).pod().dindPinned());
        assertEquals(false, ClusterConfig.fromData(data).pod().dindPinned());
        for (Map.Entry<String, String> bad : List.of(Map.entry("dind-image", "docker:29-dind"),
                Map.entry("dind-image", "docker.io/library/docker:29-dind@sha256:abc"), Map.entry("pids-limit", "0"),
                Map.entry("nofile", "many"), Map.entry("sidecar-cpu", "-1"), Map.entry("docker-data-size", "big"),
                Map.entry("sidecar-storage-request", "100Gi"))) {
            Map<String, String> d = new java.util.HashMap<>(data);
            d.put(bad.getKey(), bad.getValue());
            dev.arena.ArenaException e = org.junit.jupiter.api.Assertions.assertThrows(dev.arena.ArenaException.class,
                    () -> ClusterConfig.fromData(d), bad.toString());
            assertTrue(e.getMessage().startsWith("ConfigMap arena-config: " + bad.getKey() + " "), e.getMessage());
        }
    }

    @Test
    void theEvalPodsNetworkPolicyAllowsNoIngressAndEgressOnlyToDnsAndTheInternet() throws Exception {
        deployer.deploy(ClusterFixture.config(), null, Map.of());
        V1NetworkPolicy p = cluster.networking().readNamespacedNetworkPolicy("arena-eval-pods", "arena-ns").execute();
        assertEquals(Map.of("app.kubernetes.io/name", "arena", "app.kubernetes.io/managed-by", "arena"), p.getMetadata().getLabels());
        assertEquals(Map.of("app.kubernetes.io/name", "arena", "app.kubernetes.io/managed-by", "arena"),
                p.getSpec().getPodSelector().getMatchLabels(), "the labels every run's pods carry (job.yaml)");
        assertEquals(List.of("Ingress", "Egress"), p.getSpec().getPolicyTypes());
        assertTrue(p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty(), "no ingress at all");

        List<V1NetworkPolicyEgressRule> egress = p.getSpec().getEgress();
        assertEquals(4, egress.size());
        V1NetworkPolicyEgressRule dns = egress.get(0);
        assertTrue(dns.getTo() == null || dns.getTo().isEmpty(), "DNS to any resolver");
        assertEquals(List.of("UDP 53", "TCP 53"), ports(dns.getPorts()));

        V1NetworkPolicyEgressRule internet = egress.get(1);
        assertTrue(internet.getPorts() == null || internet.getPorts().isEmpty(), "any port");
        assertEquals(1, internet.getTo().size());
        V1IPBlock block = internet.getTo().get(0).getIpBlock();
        assertEquals("0.0.0.0/0", block.getCidr());
        assertEquals(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.169.254/32", "169.254.169.252/32"),
                block.getExcept());

        // Workload Identity's token endpoint, and nothing else there
        assertEquals("169.254.169.252/32", egress.get(2).getTo().get(0).getIpBlock().getCidr());
        assertTrue(egress.get(2).getTo().get(0).getIpBlock().getExcept() == null || egress.get(2).getTo().get(0).getIpBlock().getExcept().isEmpty());
        assertEquals(List.of("TCP 988"), ports(egress.get(2).getPorts()));
        assertEquals("169.254.169.254/32", egress.get(3).getTo().get(0).getIpBlock().getCidr());
        assertEquals(List.of("TCP 80"), ports(egress.get(3).getPorts()));

        // an operator's edit in the cluster is put back by the next deploy
        p.getSpec().getEgress().get(1).getTo().get(0).getIpBlock().setExcept(List.of());
        cluster.networking().replaceNamespacedNetworkPolicy("arena-eval-pods", "arena-ns", p).execute();
        List<Deployer.Step> steps = deployer.deploy(ClusterFixture.config(), null, Map.of());
        assertEquals("networkpolicy arena-eval-pods updated", changes(steps).get(4));
        assertEquals(5, cluster.networking().readNamespacedNetworkPolicy("arena-eval-pods", "arena-ns").execute()
                .getSpec().getEgress().get(1).getTo().get(0).getIpBlock().getExcept().size());
    }

    private static List<String> ports(List<V1NetworkPolicyPort> ports) {
        return ports.stream().map(x -> x.getProtocol() + " " + x.getPort()).toList();
    }

    private static Map<String, String> text(Map<String, byte[]> data) {
        Map<String, String> m = new java.util.TreeMap<>();
        data.forEach((k, v) -> m.put(k, new String(v, StandardCharsets.UTF_8)));
        return m;
    }
}
