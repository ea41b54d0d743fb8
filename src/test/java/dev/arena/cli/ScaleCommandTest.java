package dev.arena.cli;

import dev.arena.Labels;
import dev.arena.cli.ArenaCli.Result;
import dev.arena.k8s.ClusterConfig;
import dev.arena.k8s.KubeNames;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobCondition;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1JobStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.util.ClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * `arena scale` through the real command line: bad input before anything is contacted, and the
 * parallelism parts against fabric8's mock API server, reached through a kubeconfig context the
 * way an operator's would be (the node pool parts need Google Cloud; PoolScalerTest has them).
 */
class ScaleCommandTest {
    private static final String NS = "arena-scale-test";
    // the server logs every request at INFO; held here so the setting is not garbage-collected
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }

    @TempDir
    Path home;

    private KubernetesMockServer server;
    private ApiClient client;
    private String oldHome;

    @BeforeEach
    void setUp() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        String url = "http://" + server.getHostName() + ":" + server.getPort();
        client = new ClientBuilder().setBasePath(url).build();
        // --context reads ~/.kube/config when $KUBECONFIG is unset
        oldHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: '%s'}
                users:
                - name: mock
                  user: {token: t}
                contexts:
                - name: mock
                  context: {cluster: mock, user: mock}
                """.formatted(url));
        new CoreV1Api(client).createNamespacedConfigMap(NS, new V1ConfigMap().apiVersion("v1").kind("ConfigMap")
                .metadata(new V1ObjectMeta().name(ClusterConfig.NAME)).data(ClusterConfig.defaults("img:1", "b").toData())).execute();
        job("busy", new V1JobStatus().active(3));
        job("done", new V1JobStatus().succeeded(3).addConditionsItem(new V1JobCondition().type("Complete").status("True")));
    }

    @AfterEach
    void tearDown() {
        System.setProperty("user.home", oldHome);
        server.destroy();
    }

    private static Result scale(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("scale", "--context", "mock", "--namespace", NS));
        all.addAll(List.of(args));
        return ArenaCli.run(all.toArray(String[]::new));
    }

    @Test
    void badInputIsOneLineAndExitTwoBeforeAnythingIsContacted() {
        int before = server.getRequestCount();
        assertUsage(ArenaCli.run("scale"), "arena: nothing to scale: pass --min-nodes, --max-nodes, --nodes or --parallel");
        assertUsage(ArenaCli.run("scale", "--project", "p", "--min-nodes", "5", "--max-nodes", "2"), "arena: --min-nodes 5 is more than --max-nodes 2");
        assertUsage(ArenaCli.run("scale", "--project", "p", "--min-nodes", "-1"), "arena: --min-nodes cannot be negative (got -1)");
        assertUsage(ArenaCli.run("scale", "--project", "p", "--nodes", "-3"), "arena: --nodes cannot be negative (got -3)");
        assertUsage(ArenaCli.run("scale", "--project", "p", "--max-nodes", "0"), "arena: --max-nodes must be at least 1 (got 0)");
        assertUsage(ArenaCli.run("scale", "--parallel", "0"), "arena: --parallel must be at least 1 (got 0)");
        assertUsage(ArenaCli.run("scale", "--run", "r1"), "arena: --run needs --parallel N: a run's parallelism is what scale changes");
        assertEquals(before, server.getRequestCount(), "no request reached the cluster");
    }

    @Test
    void aDryRunPrintsBeforeAndAfterAndChangesNothing() throws Exception {
        assumeTrue(System.getenv("KUBECONFIG") == null, "the kubeconfig of this machine is set in $KUBECONFIG");

        Result r = scale("--parallel", "40", "--dry-run");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("would change  configmap arena-config max-parallel-tasks: 20 -> 40 (runs started from now on)"), r.outLines());

        Result run = scale("--run", "busy", "--parallel", "1", "--dry-run");
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of("would change  job arena-busy parallelism: 5 -> 1 (the Job controller stops 2 of its 3 running pods;"
                + " their items start again later, as after a preemption)"), run.outLines());

        assertEquals("20", configMap().get(ClusterConfig.MAX_PARALLEL_TASKS));
        assertEquals(5, new BatchV1Api(client).readNamespacedJob("arena-busy", NS).execute().getSpec().getParallelism());
    }

    @Test
    void withoutDryRunBothAreChanged() throws Exception {
        assumeTrue(System.getenv("KUBECONFIG") == null, "the kubeconfig of this machine is set in $KUBECONFIG");

        Result r = scale("--run", "busy", "--parallel", "8");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("changed       job arena-busy parallelism: 5 -> 8"), r.outLines());
        assertEquals(8, new BatchV1Api(client).readNamespacedJob("arena-busy", NS).execute().getSpec().getParallelism());

        assertEquals(0, scale("--parallel", "40").code());
        assertEquals("40", configMap().get(ClusterConfig.MAX_PARALLEL_TASKS));
    }

    @Test
    void aFinishedOrMissingRunIsOneLineAndExitTwo() {
        assumeTrue(System.getenv("KUBECONFIG") == null, "the kubeconfig of this machine is set in $KUBECONFIG");

        assertUsage(scale("--run", "done", "--parallel", "2"),
                "arena: the Job arena-done of run done has ended (Complete); only a running Job can be scaled");
        assertUsage(scale("--run", "nope", "--parallel", "2"),
                "arena: no Job of run nope in namespace " + NS + "; `arena cleanup status` lists the Jobs there");
    }

    private static void assertUsage(Result r, String line) {
        assertEquals(2, r.code(), r.err());
        assertEquals(List.of(line), r.errLines());
        assertEquals("", r.out());
    }

    private java.util.Map<String, String> configMap() throws Exception {
        return new CoreV1Api(client).readNamespacedConfigMap(ClusterConfig.NAME, NS).execute().getData();
    }

    private void job(String runId, V1JobStatus status) throws Exception {
        BatchV1Api batch = new BatchV1Api(client);
        String name = KubeNames.jobName(runId);
        batch.createNamespacedJob(NS, new V1Job().apiVersion("batch/v1").kind("Job")
                .metadata(new V1ObjectMeta().name(name).labels(KubeNames.labelValues(Labels.forRun(runId, "oracle", null))))
                .spec(new V1JobSpec().completionMode("Indexed").completions(10).parallelism(5).template(new V1PodTemplateSpec()))).execute();
        V1Job stored = batch.readNamespacedJob(name, NS).execute();
        stored.setStatus(status);
        batch.replaceNamespacedJobStatus(name, NS, stored).execute();
    }
}
