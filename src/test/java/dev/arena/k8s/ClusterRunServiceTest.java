package dev.arena.k8s;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.agent.cli.AgentTarball;
import dev.arena.agent.cli.FakeNpmRegistry;
import dev.arena.agent.cli.NpmFetcher;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;
import dev.arena.store.Stores;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1PodFailurePolicyRule;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Toleration;
import io.kubernetes.client.util.ClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterRunServiceTest {
    private static final String LONG = "a-dataset-whose-name-is-long-enough-to-break-kubernetes-limits";

    @TempDir
    Path datasets;
    @TempDir
    Path npmCache;

    private MockCluster mock;
    private Cluster cluster;
    private final Storage storage = LocalStorageHelper.getOptions().getService();

    @BeforeEach
    void setUp() throws Exception {
        mock = new MockCluster();
        cluster = mock.cluster(ClusterFixture.NS);
        ClusterFixture.dataset(datasets, "calc", "task-1", "task-2", "task-3");
        ClusterFixture.dataset(datasets, LONG, "t1");
        for (String d : List.of("calc", LONG)) {
            storage.create(com.google.cloud.storage.BlobInfo.newBuilder(ClusterFixture.BUCKET, "datasets/" + d + ".tar.gz").build(), new byte[] {1});
        }
    }

    @AfterEach
    void tearDown() {
        mock.close();
    }

    private ClusterRunService service(Cluster c) {
        return new ClusterRunService(c, Templates.standard(), (b, p) -> ClusterFixture.store(storage, b, p), new dev.arena.images.RegistryClient(host -> null));
    }

    private ClusterRunService.Submitted start(String model, List<String> names, Integer parallel) {
        return service(cluster).start(ClusterFixture.request(datasets, names, "20250102-030405", model), null, parallel);
    }

    @Test
    void whatTheOperatorLeavesOutComesFromTheDeployedConfigMap() throws Exception {
        ClusterFixture.deploy(cluster, Map.of());
        ClusterConfig changed = new ClusterConfig(ClusterFixture.config().image(), ClusterFixture.BUCKET, 8, 7, "null",
                java.time.Duration.ofMinutes(5), "500m", "1Gi", java.time.Duration.ofHours(6));
        cluster.core().replaceNamespacedConfigMap(ClusterConfig.NAME, ClusterFixture.NS,
                new Manifests(Templates.standard()).configMap(changed)).execute();

        service(cluster).start(defaults -> new dev.arena.run.RunRequest(datasets, List.of("calc"), List.of(), 1, "defaults",
                dev.arena.eval.EvalSettings.builder().agent(defaults.agent()).maxIterations(defaults.maxIterations())
                        .taskTimeout(defaults.taskTimeout()).build()), null, null);

        RunPlan plan = new RunRepository(ClusterFixture.store(storage, ClusterFixture.BUCKET, Stores.RUNS_PREFIX)).loadPlan("defaults");
        assertEquals("null", plan.settings().agent(), "the ConfigMap's default agent, as changed after deploy");
        assertEquals(7, plan.settings().maxIterations());
        assertEquals(java.time.Duration.ofMinutes(5), plan.settings().taskTimeout());
    }

    @Test
    void createsOneIndexedJobAndStoresThePlanInTheBucket() throws Exception {
        ClusterFixture.deploy(cluster, Map.of("OPENAI_API_KEY", "sk-test"));
        ClusterRunService.Submitted s = start("gpt-5", List.of("calc"), null);

        assertEquals(new ClusterRunService.Submitted("20250102-030405", "arena-20250102-030405", ClusterFixture.NS,
                ClusterFixture.BUCKET, 3, 3, List.of("calc")), s);
        RunPlan plan = new RunRepository(ClusterFixture.store(storage, ClusterFixture.BUCKET, Stores.RUNS_PREFIX)).loadPlan(s.runId());
        assertEquals(3, plan.items().size());

        List<V1Job> jobs = cluster.batch().listNamespacedJob(ClusterFixture.NS).execute().getItems();
        assertEquals(1, jobs.size());
        V1Job job = jobs.get(0);
        assertEquals("arena-20250102-030405", job.getMetadata().getName());
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "arena", "app.kubernetes.io/managed-by", "arena",
                "arena/run-id", "20250102-030405", "arena/agent", "gladiator", "arena/model", "gpt-5");
        assertEquals(labels, job.getMetadata().getLabels());
        assertEquals(labels, job.getSpec().getTemplate().getMetadata().getLabels());
        assertEquals("gpt-5", job.getMetadata().getAnnotations().get("arena/model-name"));

        V1JobSpec spec = job.getSpec();
        assertEquals("Indexed", spec.getCompletionMode());
        assertEquals(3, spec.getCompletions());
        assertEquals(3, spec.getParallelism(), "never wider than the number of items");
        assertEquals(2, spec.getBackoffLimitPerIndex());
        assertEquals(6 * 3600, spec.getTtlSecondsAfterFinished());
        List<V1PodFailurePolicyRule> rules = spec.getPodFailurePolicy().getRules();
        assertEquals(3, rules.size());
        assertEquals("Ignore", rules.get(0).getAction());
        assertEquals("DisruptionTarget", rules.get(0).getOnPodConditions().get(0).getType());
        assertEquals("True", rules.get(0).getOnPodConditions().get(0).getStatus());
        assertEquals("Ignore", rules.get(1).getAction());
        assertEquals(List.of(ExitCode.RATE_LIMITED.code()), rules.get(1).getOnExitCodes().getValues());
        assertEquals("FailIndex", rules.get(2).getAction());
        assertEquals("evaluator", rules.get(2).getOnExitCodes().getContainerName());
        assertEquals("In", rules.get(2).getOnExitCodes().getOperator());
        assertEquals(List.of(ExitCode.PROBLEMS.code(), ExitCode.USAGE.code()), rules.get(2).getOnExitCodes().getValues());

        V1PodSpec pod = spec.getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals("arena-evaluator", pod.getServiceAccountName());
        assertEquals((20 + 30) * 60L, pod.getActiveDeadlineSeconds(), "task timeout plus the pod's overhead");
        assertEquals(Map.of("arena/pool", "eval"), pod.getNodeSelector());
        V1Toleration t = pod.getTolerations().get(0);
        assertEquals(List.of("arena/pool", "Equal", "eval", "NoSchedule"), List.of(t.getKey(), t.getOperator(), t.getValue(), t.getEffect()));
        assertEquals("docker-data", pod.getVolumes().get(0).getName());
        assertTrue(pod.getVolumes().get(0).getEmptyDir() != null);

        V1Container dind = pod.getInitContainers().get(0);
        assertEquals("docker-daemon", dind.getName());
        assertEquals("Always", dind.getRestartPolicy(), "a native sidecar");
        assertTrue(dind.getSecurityContext().getPrivileged());
        assertTrue(dind.getReadinessProbe() != null && dind.getStartupProbe() != null);
        assertEquals("/var/lib/docker", dind.getVolumeMounts().get(0).getMountPath());
        assertEquals(new Quantity("4Gi"), dind.getResources().getRequests().get("memory"));
        // the firewall script itself: SidecarFirewallTest and FirewallScriptIT
        assertTrue(dind.getArgs().get(0).contains("dockerd --host=tcp://127.0.0.1:2375 --tls=false"), dind.getArgs().get(0));

        assertEquals(1, pod.getContainers().size());
        V1Container evaluator = pod.getContainers().get(0);
        assertEquals("evaluator", evaluator.getName());
        assertEquals("europe-docker.pkg.dev/p/r/arena:0.1.0-abc", evaluator.getImage());
        assertEquals(List.of("evaluate", "--run", "20250102-030405"), evaluator.getArgs());
        Map<String, String> env = new java.util.HashMap<>();
        for (V1EnvVar e : evaluator.getEnv()) {
            env.put(e.getName(), e.getValue() != null ? e.getValue()
                    : e.getValueFrom().getFieldRef() != null ? e.getValueFrom().getFieldRef().getFieldPath()
                    : e.getValueFrom().getSecretKeyRef() != null ? "secret " + e.getValueFrom().getSecretKeyRef().getName()
                    : "configmap " + e.getValueFrom().getConfigMapKeyRef().getName() + "/" + e.getValueFrom().getConfigMapKeyRef().getKey()
                    + (Boolean.TRUE.equals(e.getValueFrom().getConfigMapKeyRef().getOptional()) ? " (optional)" : ""));
        }
        assertEquals(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375", "ARENA_BUCKET", ClusterFixture.BUCKET,
                "ARENA_INDEX_FAILURES", "metadata.annotations['batch.kubernetes.io/job-index-failure-count']",
                "ARENA_INDEX_IGNORED_FAILURES", "metadata.annotations['batch.kubernetes.io/job-index-ignored-failure-count']",
                "ARENA_RATE_LIMIT_RETRIES", "6", "ARENA_RETRIES", "2", "HOME", "/home/arena", "OPENAI_API_KEY", "secret arena-api-keys",
                "ARENA_ALLOWED_MODEL_BASE_URLS", "configmap arena-config/allowed-model-base-urls (optional)"), env);
        assertTrue(evaluator.getEnvFrom() == null || evaluator.getEnvFrom().isEmpty(), "no envFrom of the whole Secret");
        assertEquals(new Quantity("500m"), evaluator.getResources().getRequests().get("cpu"));
        assertEquals(new Quantity("1Gi"), evaluator.getResources().getRequests().get("memory"));
    }

    /** The variables of the evaluator that come from the Secret: name to the key it reads. */
    private static Map<String, String> secretEnv(V1Container evaluator) {
        Map<String, String> m = new java.util.TreeMap<>();
        for (V1EnvVar e : evaluator.getEnv()) {
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                io.kubernetes.client.openapi.models.V1SecretKeySelector ref = e.getValueFrom().getSecretKeyRef();
                assertEquals("arena-api-keys", ref.getName());
                assertFalse(ref.getOptional(), "a key deleted after preflight keeps the pod from starting");
                m.put(e.getName(), ref.getKey());
            }
        }
        return m;
    }

    private V1Job job(String runId) throws Exception {
        return cluster.batch().readNamespacedJob(KubeNames.jobName(runId), ClusterFixture.NS).execute();
    }

    @Test
    void onlyTheKeyOfTheRunsModelReachesThePod() throws Exception {
        ClusterFixture.deploy(cluster, Map.of("OPENAI_API_KEY", "o", "ANTHROPIC_API_KEY", "a", "GEMINI_API_KEY", "g"));
        ClusterRunService svc = service(cluster);
        svc.start(ClusterFixture.request(datasets, List.of("calc"), "gpt", "gpt-5"), null, null);
        svc.start(ClusterFixture.request(datasets, List.of("calc"), "claude", "anthropic/claude-sonnet-4-5"), null, null);
        svc.start(ClusterFixture.request(datasets, List.of("calc"), "oracle", null), null, null);

        Map<String, Map<String, String>> keys = new java.util.TreeMap<>();
        for (String run : List.of("gpt", "claude", "oracle")) {
            V1Container evaluator = job(run).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertTrue(evaluator.getEnvFrom() == null || evaluator.getEnvFrom().isEmpty(), run + ": no envFrom of the Secret");
            keys.put(run, secretEnv(evaluator));
        }
        assertEquals(Map.of("gpt", Map.of("OPENAI_API_KEY", "OPENAI_API_KEY"),
                "claude", Map.of("ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY"),
                "oracle", Map.of()), keys);
    }

    @Test
    void aVertexRunNeedsNoKeyInTheSecretAndItsLocationTravelsInTheRunPlan() throws Exception {
        ClusterFixture.deploy(cluster, Map.of("GEMINI_API_KEY", "g"));
        service(cluster).start(new dev.arena.run.RunRequest(datasets, List.of("calc"), List.of(), 1, "vertex",
                dev.arena.eval.EvalSettings.builder().agent("gladiator").model("vertex_ai/gemini-2.5-pro")
                        .taskTimeout(java.time.Duration.ofMinutes(20)).vertexLocation("us-east5").build()), null, null);

        V1Container evaluator = job("vertex").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(Map.of(), secretEnv(evaluator), "Workload Identity signs the calls: no key from the Secret");
        RunPlan plan = new RunRepository(ClusterFixture.store(storage, ClusterFixture.BUCKET, Stores.RUNS_PREFIX)).loadPlan("vertex");
        assertEquals("us-east5", plan.settings().vertexLocation());
        assertEquals("us-east5", plan.settings().agentSettings().vertexLocation(), "the pod's agent is made with it");
    }

    /** Codex's linux-x64 build at its pinned version, served by a fake npm registry on the loopback. */
    private static final String CODEX_VERSION = dev.arena.agent.cli.AgentPackages.CODEX.defaultVersion() + "-linux-x64";
    private static final byte[] CODEX_TARBALL = FakeNpmRegistry.tgz(Map.of(
            "package/vendor/x86_64-unknown-linux-musl/bin/codex", "#!/bin/sh\necho codex\n"));

    /** The test's bucket, telling {@code uploaded} the prefixed key of every upload before it is made. */
    private java.util.function.BiFunction<String, String, dev.arena.store.ArtifactStore> storesTellingUploads(
            java.util.function.Consumer<String> uploaded) {
        return (b, p) -> new dev.arena.store.ForwardingArtifactStore(ClusterFixture.store(storage, b, p)) {
            @Override
            public void upload(String key, Path file, Map<String, String> metadata, java.util.function.LongConsumer sent) {
                uploaded.accept(p + key);
                super.upload(key, file, metadata, sent);
            }
        };
    }

    private static dev.arena.run.RunRequest codexRun(Path datasets, String runId) {
        return new dev.arena.run.RunRequest(datasets, List.of("calc"), List.of(), 1, runId, dev.arena.eval.EvalSettings.builder()
                .agent("codex").model("openai/gpt-5").taskTimeout(java.time.Duration.ofMinutes(20)).network("internal").build());
    }

    @Test
    void aCodexRunUploadsItsTarballOnceAndPinsItsIntegrityInRunJsonBeforeTheJobExists() throws Exception {
        ClusterFixture.deploy(cluster, Map.of("OPENAI_API_KEY", "sk"));
        List<String> uploads = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.function.BiFunction<String, String, dev.arena.store.ArtifactStore> stores = storesTellingUploads(uploads::add);
        try (FakeNpmRegistry npm = new FakeNpmRegistry()) {
            com.fasterxml.jackson.databind.node.ObjectNode dist = npm.tarball("codex.tgz", CODEX_TARBALL);
            npm.document("/@openai%2fcodex", CODEX_VERSION, Map.of(CODEX_VERSION, dist));
            ClusterRunService service = new ClusterRunService(cluster, Templates.standard(), stores,
                    new dev.arena.images.RegistryClient(host -> null), java.time.Clock.systemUTC(),
                    new NpmFetcher(npm.uri(), npmCache));

            service.start(codexRun(datasets, "codex-1"), null, null);

            String integrity = dist.path("integrity").asText();
            AgentTarball pin = new AgentTarball("@openai/codex", CODEX_VERSION, integrity);
            RunRepository runs = new RunRepository(ClusterFixture.store(storage, ClusterFixture.BUCKET, Stores.RUNS_PREFIX));
            assertEquals(List.of(pin), runs.loadPlan("codex-1").agentTarballs());
            com.fasterxml.jackson.databind.JsonNode runJson = dev.arena.Json.mapper().readTree(
                    runs.store().get("codex-1/run.json").orElseThrow());
            assertEquals(integrity, runJson.path("agent_tarballs").path(0).path("integrity").asText(), "the registry's SRI hash in run.json");
            String key = "@openai+codex/" + CODEX_VERSION + "/" + pin.expected().cacheKey() + ".tgz";
            assertEquals(key, pin.key());
            assertEquals(List.of("agents/" + key), uploads, "one build serves both C libraries: one upload");
            org.junit.jupiter.api.Assertions.assertArrayEquals(CODEX_TARBALL,
                    ClusterFixture.store(storage, ClusterFixture.BUCKET, Stores.AGENTS_PREFIX).get(key).orElseThrow());
            V1Container evaluator = job("codex-1").getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals(Map.of("OPENAI_API_KEY", "OPENAI_API_KEY"), secretEnv(evaluator), "the pod gets the key the gateway adds");

            service.start(codexRun(datasets, "codex-2"), null, null);

            assertEquals(List.of(pin), runs.loadPlan("codex-2").agentTarballs());
            assertEquals(List.of("agents/" + key), uploads, "the second run finds the tarball in the bucket and uploads nothing");
            assertEquals(1, npm.requestsTo("/tarballs/codex.tgz"), "and takes it from the local cache, not the registry");
        }
    }

    @Test
    void theRunsListenerHearsOfEachTarballBeforeItsUploadAndOfOneAlreadyInTheBucket() throws Exception {
        ClusterFixture.deploy(cluster, Map.of("OPENAI_API_KEY", "sk"));
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.function.BiFunction<String, String, dev.arena.store.ArtifactStore> stores = storesTellingUploads(k -> heard.add("upload " + k));
        ClusterExecutor.Listener listener = new ClusterExecutor.Listener() {
            @Override
            public void uploading(AgentTarball tarball, long bytes, String location) {
                heard.add("uploading " + tarball.packageName() + "@" + tarball.version() + " " + bytes + " " + location);
            }

            @Override
            public void alreadyThere(AgentTarball tarball, long bytes, String location) {
                heard.add("there " + tarball.packageName() + "@" + tarball.version() + " " + bytes + " " + location);
            }

            @Override
            public void submitted(ClusterRunService.Submitted s) {
                heard.add("submitted " + s.runId());
            }
        };
        try (FakeNpmRegistry npm = new FakeNpmRegistry()) {
            com.fasterxml.jackson.databind.node.ObjectNode dist = npm.tarball("codex.tgz", CODEX_TARBALL);
            npm.document("/@openai%2fcodex", CODEX_VERSION, Map.of(CODEX_VERSION, dist));
            ClusterExecutor executor = new ClusterExecutor(cluster, new ClusterRunService(cluster, Templates.standard(), stores,
                    new dev.arena.images.RegistryClient(host -> null), java.time.Clock.systemUTC(), new NpmFetcher(npm.uri(), npmCache)),
                    stores, ClusterFixture.BUCKET, null, null, listener);
            String key = new AgentTarball("@openai/codex", CODEX_VERSION, dist.path("integrity").asText()).key();
            String what = "@openai/codex@" + CODEX_VERSION + " " + CODEX_TARBALL.length + " gs://" + ClusterFixture.BUCKET + "/agents/" + key;

            executor.start(defaults -> codexRun(datasets, "codex-1"));
            executor.start(defaults -> codexRun(datasets, "codex-2"));

            assertEquals(List.of("uploading " + what, "upload agents/" + key, "submitted codex-1", "there " + what, "submitted codex-2"),
                    heard);
        }
    }

    @Test
    void aTarballOfOtherBytesUnderTheNameIsReplacedByTheVerifiedOne() throws Exception {
        ClusterFixture.deploy(cluster, Map.of("OPENAI_API_KEY", "sk"));
        try (FakeNpmRegistry npm = new FakeNpmRegistry()) {
            com.fasterxml.jackson.databind.node.ObjectNode dist = npm.tarball("codex.tgz", CODEX_TARBALL);
            npm.document("/@openai%2fcodex", CODEX_VERSION, Map.of(CODEX_VERSION, dist));
            AgentTarball pin = new AgentTarball("@openai/codex", CODEX_VERSION, dist.path("integrity").asText());
            dev.arena.store.ArtifactStore agents = ClusterFixture.store(storage, ClusterFixture.BUCKET, Stores.AGENTS_PREFIX);
            agents.put(pin.key(), "planted by someone who may create objects".getBytes(java.nio.charset.StandardCharsets.UTF_8));

            new ClusterRunService(cluster, Templates.standard(), (b, p) -> ClusterFixture.store(storage, b, p),
                    new dev.arena.images.RegistryClient(host -> null), java.time.Clock.systemUTC(),
                    new NpmFetcher(npm.uri(), npmCache))
                    .start(codexRun(datasets, "codex-planted"), null, null);

            org.junit.jupiter.api.Assertions.assertArrayEquals(CODEX_TARBALL, agents.get(pin.key()).orElseThrow());
        }
    }

    @Test
    void theSidecarsImageCpuAndStorageAndTheTaskLimitsComeFromTheConfigMap() throws Exception {
        ClusterFixture.deploy(cluster, Map.of());
        String pinned = "mirror.example/library/docker:29-dind@sha256:" + "ab".repeat(32);
        ClusterConfig changed = ClusterFixture.config().withPod(new ClusterConfig.PodLimits(pinned, 300, 2048, "30Gi", "3",
                "10Gi", "40Gi"));
        cluster.core().replaceNamespacedConfigMap(ClusterConfig.NAME, ClusterFixture.NS,
                new Manifests(Templates.standard()).configMap(changed)).execute();

        service(cluster).start(defaults -> new dev.arena.run.RunRequest(datasets, List.of("calc"), List.of(), 1, "limits",
                dev.arena.eval.EvalSettings.builder().agent(defaults.agent()).maxIterations(defaults.maxIterations())
                        .taskTimeout(defaults.taskTimeout()).pidsLimit(defaults.pidsLimit()).nofile(defaults.nofile()).build()), null, null);

        RunPlan plan = new RunRepository(ClusterFixture.store(storage, ClusterFixture.BUCKET, Stores.RUNS_PREFIX)).loadPlan("limits");
        assertEquals(300, plan.settings().pidsLimit(), "the task containers' pids limit travels in run.json");
        assertEquals(2048, plan.settings().nofile());

        V1PodSpec pod = job("limits").getSpec().getTemplate().getSpec();
        V1Container dind = pod.getInitContainers().get(0);
        assertEquals(pinned, dind.getImage());
        assertEquals(new Quantity("3"), dind.getResources().getLimits().get("cpu"));
        assertEquals(new Quantity("2"), dind.getResources().getRequests().get("cpu"), "the request stays as job.yaml says");
        assertEquals(new Quantity("10Gi"), dind.getResources().getRequests().get("ephemeral-storage"));
        assertEquals(new Quantity("40Gi"), dind.getResources().getLimits().get("ephemeral-storage"));
        assertEquals(new Quantity("30Gi"), pod.getVolumes().stream().filter(v -> v.getName().equals("docker-data")).findFirst()
                .orElseThrow().getEmptyDir().getSizeLimit());
    }

    @Test
    void theDefaultPodHasItsLimitsAndTheEvaluatorRunsWithoutPower() throws Exception {
        ClusterFixture.deploy(cluster, Map.of());
        service(cluster).start(ClusterFixture.request(datasets, List.of("calc"), "plain", null), null, null);
        V1PodSpec pod = job("plain").getSpec().getTemplate().getSpec();

        assertFalse(pod.getAutomountServiceAccountToken(), "the pod never calls the Kubernetes API");
        assertEquals("arena-evaluator", pod.getServiceAccountName(), "still set, for Workload Identity");

        V1Container dind = pod.getInitContainers().get(0);
        assertEquals(ClusterConfig.PodLimits.DEFAULT_DIND_IMAGE, dind.getImage());
        assertEquals("docker.io/library/docker:29-dind", dind.getImage(), "a supported Docker release, not 27");
        assertEquals(new Quantity("4"), dind.getResources().getLimits().get("cpu"));
        assertEquals(new Quantity("20Gi"), dind.getResources().getRequests().get("ephemeral-storage"));
        assertEquals(new Quantity("60Gi"), dind.getResources().getLimits().get("ephemeral-storage"));
        Map<String, io.kubernetes.client.openapi.models.V1Volume> volumes = new java.util.HashMap<>();
        pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
        assertEquals(new Quantity("50Gi"), volumes.get("docker-data").getEmptyDir().getSizeLimit());

        V1Container evaluator = pod.getContainers().get(0);
        io.kubernetes.client.openapi.models.V1SecurityContext sc = evaluator.getSecurityContext();
        assertTrue(sc.getRunAsNonRoot());
        assertEquals(10001L, sc.getRunAsUser());
        assertEquals(10001L, sc.getRunAsGroup());
        assertFalse(sc.getAllowPrivilegeEscalation());
        assertTrue(sc.getReadOnlyRootFilesystem());
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
        assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty());
        assertTrue(sc.getPrivileged() == null || !sc.getPrivileged());
        assertEquals("RuntimeDefault", sc.getSeccompProfile().getType());

        Map<String, String> mounts = new java.util.TreeMap<>();
        evaluator.getVolumeMounts().forEach(m -> mounts.put(m.getMountPath(), m.getName()));
        assertEquals(Map.of("/tmp", "evaluator-tmp", "/home/arena", "evaluator-home"), mounts,
                "the only writable places of a read-only root: /tmp (datasets, JVM) and the home/work folder");
        assertEquals("/home/arena", evaluator.getWorkingDir());
        for (String name : mounts.values()) {
            assertTrue(volumes.get(name).getEmptyDir() != null && volumes.get(name).getEmptyDir().getSizeLimit() != null,
                    name + " is a size-limited emptyDir");
        }
        assertTrue(evaluator.getResources().getLimits().containsKey("ephemeral-storage"));
    }

    @Test
    void aSidecarCpuLimitBelowItsRequestIsRefusedBeforeAnythingIsStored() throws Exception {
        ClusterFixture.deploy(cluster, Map.of());
        ClusterConfig.PodLimits d = ClusterConfig.PodLimits.DEFAULTS;
        cluster.core().replaceNamespacedConfigMap(ClusterConfig.NAME, ClusterFixture.NS, new Manifests(Templates.standard())
                .configMap(ClusterFixture.config().withPod(new ClusterConfig.PodLimits(d.dindImage(), d.pidsLimit(), d.nofile(),
                        d.dockerDataSize(), "1", d.sidecarStorageRequest(), d.sidecarStorageLimit())))).execute();
        ArenaException e = assertThrows(ArenaException.class,
                () -> service(cluster).start(ClusterFixture.request(datasets, List.of("calc"), "low", null), null, null));
        assertTrue(e.getMessage().contains("sidecar-cpu 1 is below the sidecar's CPU request 2"), e.getMessage());
        assertTrue(cluster.batch().listNamespacedJob(ClusterFixture.NS).execute().getItems().isEmpty());
    }

    @Test
    void parallelismComesFromTheConfigMapUnlessOverridden() throws Exception {
        ClusterFixture.deploy(cluster, Map.of("OPENAI_API_KEY", "k"));
        for (int i = 0; i < 10; i++) {
            ClusterFixture.dataset(datasets, "calc", "task-" + (10 + i));
        }
        ClusterRunService svc = service(cluster);
        assertEquals(8, svc.start(ClusterFixture.request(datasets, List.of("calc"), "r1", null), null, null).parallelism());
        assertEquals(2, svc.start(ClusterFixture.request(datasets, List.of("calc"), "r2", null), null, 2).parallelism());
        assertEquals(13, cluster.batch().readNamespacedJob("arena-r2", ClusterFixture.NS).execute().getSpec().getCompletions());
    }

    @Test
    void namesAndLabelsTheApiServerWouldRejectAreSanitised() throws Exception {
        ClusterFixture.deploy(cluster, Map.of("OPENROUTER_API_KEY", "k"));
        String runId = "Run_2025.Upper_" + "x".repeat(48); // 63 characters: valid for us, not as a Job name
        ClusterRunService.Submitted s = service(cluster).start(
                ClusterFixture.request(datasets, List.of(LONG), runId, "openrouter/meta-llama/llama-3.3-70b-instruct:free"), null, null);
        V1Job job = cluster.batch().readNamespacedJob(s.jobName(), ClusterFixture.NS).execute();
        assertTrue(KubeNames.isDnsName(job.getMetadata().getName(), 63), job.getMetadata().getName());
        job.getMetadata().getLabels().forEach((k, v) -> assertTrue(KubeNames.isLabelValue(v), k + "=" + v));
        assertEquals("openrouter/meta-llama/llama-3.3-70b-instruct:free", job.getMetadata().getAnnotations().get("arena/model-name"));
        assertEquals(List.of("evaluate", "--run", runId), job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs(),
                "the pod gets the run id as typed; only names and labels are sanitised");
    }

    @Test
    void anUnreachableClusterIsOneClearError() {
        Cluster nowhere = new Cluster(new ClientBuilder().setBasePath("http://127.0.0.1:1").build(), "ide-arena");
        ArenaException e = assertThrows(ArenaException.class, () -> service(nowhere)
                .start(ClusterFixture.request(datasets, List.of("calc"), "r", null), null, null));
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot reach the Kubernetes API at http://127.0.0.1:1"), e.getMessage());
    }

    @Test
    void eachMissingDeployObjectSaysToRunDeploy() throws Exception {
        assertPreflight("namespace ide-arena does not exist; run `arena deploy` first", null);
        Manifests m = new Manifests(Templates.standard());
        cluster.core().createNamespace(m.namespace(ClusterFixture.NS)).execute();
        assertPreflight("ConfigMap arena-config in namespace ide-arena does not exist; run `arena deploy` first", null);
        cluster.core().createNamespacedConfigMap(ClusterFixture.NS, m.configMap(ClusterFixture.config())).execute();
        assertPreflight("Secret arena-api-keys in namespace ide-arena does not exist; run `arena deploy` first", null);
        cluster.core().createNamespacedSecret(ClusterFixture.NS, m.secret(Map.of())).execute();
        assertPreflight("ServiceAccount arena-evaluator in namespace ide-arena does not exist; run `arena deploy` first", null);
        cluster.core().createNamespacedServiceAccount(ClusterFixture.NS, m.serviceAccount(null)).execute();
        assertPreflight("model claude-sonnet-4 needs ANTHROPIC_API_KEY, which is not in Secret arena-api-keys;"
                + " export ANTHROPIC_API_KEY and run `arena deploy` again", "claude-sonnet-4");
        storage.delete(ClusterFixture.BUCKET, "datasets/calc.tar.gz");
        assertPreflight("dataset calc is not in gs://arena-test/datasets/calc.tar.gz; run `arena upload --datasets calc` first", null);
        assertTrue(cluster.batch().listNamespacedJob(ClusterFixture.NS).execute().getItems().isEmpty());
        assertFalse(new RunRepository(ClusterFixture.store(storage, ClusterFixture.BUCKET, Stores.RUNS_PREFIX)).exists("r"),
                "no plan is stored when preflight fails");
    }

    @Test
    void aRunIdThatExistsIsRefused() throws Exception {
        ClusterFixture.deploy(cluster, Map.of());
        service(cluster).start(ClusterFixture.request(datasets, List.of("calc"), "same", null), null, null);
        ArenaException e = assertThrows(ArenaException.class,
                () -> service(cluster).start(ClusterFixture.request(datasets, List.of("calc"), "same", null), null, null));
        assertEquals("run same already exists in gs://arena-test/runs/same/; choose another --run-id", e.getMessage());
    }

    @Test
    void aModelBaseUrlTheDeployDidNotAllowIsRefusedBeforeAnythingIsStored() throws Exception {
        ClusterFixture.deploy(cluster, Map.of("OPENAI_API_KEY", "k"));
        java.util.function.Function<String, java.util.function.Function<dev.arena.eval.EvalDefaults, dev.arena.run.RunRequest>> withUrl =
                url -> defaults -> new dev.arena.run.RunRequest(datasets, List.of("calc"), List.of(), 1, "url-run",
                        dev.arena.eval.EvalSettings.builder().agent("gladiator").model("openai/gpt-4.1")
                                .taskTimeout(java.time.Duration.ofMinutes(20)).modelBaseUrl(url).build());
        ArenaException e = assertThrows(ArenaException.class, () -> service(cluster).start(withUrl.apply("https://proxy.example/v1"), null, null));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("model base URL https://proxy.example/v1 is not one the operator allowed"
                + " (arena deploy --model-base-url URL"), e.getMessage());
        assertFalse(ClusterFixture.store(storage, ClusterFixture.BUCKET, "runs").exists("url-run/run.json"), "no plan stored");

        // deployed with the URL allowed, the same run starts
        ClusterConfig allowing = new ClusterConfig(ClusterFixture.config().image(), ClusterFixture.BUCKET, 8, 35, "oracle",
                java.time.Duration.ofMinutes(30), "500m", "1Gi", java.time.Duration.ofDays(1), List.of("https://proxy.example/v1"));
        new Deployer(cluster, new Manifests(Templates.standard())).deploy(allowing, null, Map.of("OPENAI_API_KEY", "k"));
        assertEquals("url-run", service(cluster).start(withUrl.apply("https://proxy.example/v1/"), null, null).runId());
    }

    private void assertPreflight(String message, String model) {
        ArenaException e = assertThrows(ArenaException.class,
                () -> service(cluster).start(ClusterFixture.request(datasets, List.of("calc"), "r", model), null, null));
        assertEquals(message, e.getMessage());
    }
}
