package dev.arena.gcp;

import com.google.api.serviceusage.v1.State;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import com.google.container.v1.NodeTaint;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.devtools.artifactregistry.v1.Repository;
import com.google.iam.v1.Binding;
import dev.arena.ArenaException;
import dev.arena.config.Settings;
import dev.arena.gcp.SetupStep.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SetupServiceTest {
    private static final String LOCATION = "projects/proj-1/locations/us-central1";
    private static final String CLUSTER = LOCATION + "/clusters/ide-arena-cluster";
    private static final String REPO = LOCATION + "/repositories/arena";
    private static final String EMAIL = "arena-evaluator@proj-1.iam.gserviceaccount.com";
    private static final String ACCOUNT = "projects/proj-1/serviceAccounts/" + EMAIL;
    private static final String NODES = "arena-nodes@proj-1.iam.gserviceaccount.com";
    private static final String OTHER_KUBECONFIG = """
            apiVersion: v1
            kind: Config
            current-context: other
            clusters:
            - name: other
              cluster: {server: 'https://10.9.9.9'}
            users:
            - name: other
              user: {token: secret}
            contexts:
            - name: other
              context: {cluster: other, user: other}
            """;

    @TempDir
    Path dir;
    SetupFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new SetupFixture(dir);
        Files.createDirectories(f.kubeconfig.getParent());
        Files.writeString(f.kubeconfig, OTHER_KUBECONFIG);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void firstRunCreatesEverythingInOrder() throws Exception {
        List<SetupStep> steps = f.run(SetupFixture.config(true), false);

        assertEquals(List.of(
                "serviceusage.batchEnable " + String.join(",", SetupService.APIS),
                "storage.BUCKET_INSERT proj-1-arena",
                "artifactregistry.createRepository " + REPO,
                "iam.createServiceAccount " + EMAIL,
                "iam.createServiceAccount " + NODES,
                "gke.createCluster " + CLUSTER,
                "storage.BUCKET_SET_IAM proj-1-arena",
                "artifactregistry.setIamPolicy " + REPO,
                "artifactregistry.setIamPolicy " + REPO,
                "resourcemanager.setIamPolicy projects/proj-1",
                "iam.setIamPolicy " + ACCOUNT), orderedMutations());
        assertTrue(SetupStep.problems(steps).isEmpty(), steps.toString());

        for (String api : SetupService.APIS) {
            assertEquals(State.ENABLED, f.gcp.services.get("projects/proj-1/services/" + api), api);
        }
        var bucket = f.gcs.bucketResource("proj-1-arena").orElseThrow();
        assertEquals("US-CENTRAL1", bucket.get("location").asText());
        assertTrue(bucket.path("iamConfiguration").path("uniformBucketLevelAccess").path("enabled").asBoolean());
        assertPodBucketAccess();
        assertEquals("projectOwner:fake-project", f.gcs.bucketBindings("proj-1-arena").get("roles/storage.legacyBucketOwner").get(0),
                "the bindings that were there stay");

        assertEquals(Repository.Format.DOCKER, f.gcp.repositories.get(REPO).getFormat());
        assertEquals(List.of(Binding.newBuilder().setRole("roles/artifactregistry.reader").addMembers("serviceAccount:" + EMAIL)
                .addMembers("serviceAccount:" + NODES).build()), f.gcp.policies.get(REPO).getBindingsList(), "pods and nodes pull images");
        assertEquals("arena nodes", f.gcp.accounts.get("projects/proj-1/serviceAccounts/" + NODES).getDisplayName());
        assertEquals(List.of(binding("roles/owner", "user:owner@example.com"),
                binding("roles/logging.logWriter", "serviceAccount:" + NODES),
                binding("roles/monitoring.metricWriter", "serviceAccount:" + NODES),
                binding("roles/monitoring.viewer", "serviceAccount:" + NODES),
                binding("roles/stackdriver.resourceMetadata.writer", "serviceAccount:" + NODES)),
                f.gcp.policies.get("projects/proj-1").getBindingsList(), "the node account's roles, nothing more; the owner stays");
        assertEquals(List.of(binding("roles/iam.workloadIdentityUser", "serviceAccount:proj-1.svc.id.goog[ide-arena/arena-evaluator]")),
                f.gcp.policies.get(ACCOUNT).getBindingsList());

        Cluster cluster = f.gcp.clusters.get(CLUSTER);
        assertEquals(Cluster.Status.RUNNING, cluster.getStatus(), "the create operation completed by polling");
        assertEquals(WorkloadIdentityConfig.newBuilder().setWorkloadPool("proj-1.svc.id.goog").build(), cluster.getWorkloadIdentityConfig());
        assertEquals(com.google.container.v1.DatapathProvider.ADVANCED_DATAPATH, cluster.getNetworkConfig().getDatapathProvider(),
                "GKE Dataplane V2: NetworkPolicy is enforced");
        assertTrue(cluster.getIpAllocationPolicy().getUseIpAliases(), "VPC-native, which Dataplane V2 needs");
        assertEquals(List.of("default-pool", "eval"), cluster.getNodePoolsList().stream().map(NodePool::getName).toList());
        NodePool eval = cluster.getNodePools(1);
        NodeConfig node = eval.getConfig();
        assertEquals("n2-standard-8", node.getMachineType());
        assertEquals(150, node.getDiskSizeGb());
        assertTrue(node.getSpot());
        assertEquals(Map.of("arena/pool", "eval"), node.getLabelsMap());
        assertEquals(List.of(NodeTaint.newBuilder().setKey("arena/pool").setValue("eval").setEffect(NodeTaint.Effect.NO_SCHEDULE).build()),
                node.getTaintsList());
        assertEquals(NodePoolAutoscaling.newBuilder().setEnabled(true).setTotalMinNodeCount(0).setTotalMaxNodeCount(12)
                .setLocationPolicy(NodePoolAutoscaling.LocationPolicy.ANY).build(), eval.getAutoscaling());
        assertEquals(NODES, node.getServiceAccount(), "not the Compute Engine default service account");
        NodePool system = cluster.getNodePools(0);
        assertEquals(NODES, system.getConfig().getServiceAccount());
        assertTrue(system.getConfig().getTaintsList().isEmpty(), "system pods need an untainted pool");
        assertFalse(system.getAutoscaling().getEnabled());

        String context = "gke_proj-1_us-central1_ide-arena-cluster";
        Map<String, Object> kube = new Yaml().load(Files.readString(f.kubeconfig));
        assertEquals("other", kube.get("current-context"), "the current context stays");
        assertEquals(List.of("other", context), names(kube, "contexts"));
        assertEquals(List.of("other", context), names(kube, "users"));
        assertEquals(Map.of("server", "https://34.1.2.3", "certificate-authority-data", "Q0EtREFUQQ=="), entry(kube, "clusters", context, "cluster"));
        @SuppressWarnings("unchecked")
        Map<String, Object> exec = (Map<String, Object>) entry(kube, "users", context, "user").get("exec");
        assertEquals("gke-gcloud-auth-plugin", exec.get("command"));
        assertEquals("client.authentication.k8s.io/v1beta1", exec.get("apiVersion"));
        assertEquals(Map.of("cluster", context, "user", context), entry(kube, "contexts", context, "context"));
        assertEquals(Map.of("token", "secret"), entry(kube, "users", "other", "user"), "other entries are kept as they were");

        Map<Settings.Key, String> stored = Settings.load(Map.of(), f.settings).stored();
        assertEquals(Map.of(Settings.Key.PROJECT, "proj-1", Settings.Key.REGION, "us-central1", Settings.Key.CLUSTER, "ide-arena-cluster",
                Settings.Key.BUCKET, "proj-1-arena", Settings.Key.NAMESPACE, "ide-arena",
                Settings.Key.REGISTRY, "us-central1-docker.pkg.dev/proj-1/arena", Settings.Key.CONTEXT, context,
                Settings.Key.SERVICE_ACCOUNT, EMAIL), stored);

        // three long operations (APIs, repository, cluster), each done on the fake's second poll
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(10), Duration.ofSeconds(10)), f.sleeps);
        assertTrue(f.log.stream().anyMatch(l -> l.startsWith("create cluster ide-arena-cluster in us-central1") && l.contains("done in")), f.log.toString());
    }

    @Test
    void secondRunChangesNothing() throws Exception {
        f.run(SetupFixture.config(false), false);
        String kube = Files.readString(f.kubeconfig);
        String settings = Files.readString(f.settings);
        long settingsTime = Files.getLastModifiedTime(f.settings).toMillis();
        f.clearMutations();

        List<SetupStep> again = f.run(SetupFixture.config(false), false);

        assertEquals(List.of(), f.mutations());
        assertTrue(again.stream().noneMatch(SetupStep::changed), again.toString());
        assertTrue(again.stream().allMatch(s -> s.status() == Status.EXISTS || s.status() == Status.OK), again.toString());
        assertEquals(kube, Files.readString(f.kubeconfig));
        assertEquals(settings, Files.readString(f.settings));
        assertEquals(settingsTime, Files.getLastModifiedTime(f.settings).toMillis());
    }

    @Test
    void bucketNameIsStableAcrossRuns() {
        assertEquals("proj-1-arena", SetupFixture.config(false).bucket());
        assertEquals(SetupFixture.config(false).bucket(), SetupFixture.config(true).bucket());
        assertEquals("mine", new SetupConfig("proj-1", "us-central1", "c", "mine", "ns", "arena", "sa", SetupConfig.EvalPool.defaults()).bucket());
    }

    @Test
    void clusterWithAnotherConfigurationIsReportedNotChanged() throws Exception {
        Cluster theirs = Cluster.newBuilder().setName("ide-arena-cluster").setEndpoint("34.9.9.9")
                .addNodePools(NodePool.newBuilder().setName("eval").setConfig(NodeConfig.newBuilder().setMachineType("e2-standard-4")
                        .putLabels("team", "x"))
                        .setAutoscaling(NodePoolAutoscaling.newBuilder().setEnabled(true).setTotalMinNodeCount(0).setTotalMaxNodeCount(12)))
                .build();
        f.gcp.clusters.put(CLUSTER, theirs);

        List<SetupStep> steps = f.run(SetupFixture.config(false), false);

        assertEquals(theirs, f.gcp.clusters.get(CLUSTER), "the cluster is left as it was");
        assertTrue(f.gcp.mutations().stream().noneMatch(m -> m.startsWith("gke.")), f.gcp.mutations().toString());
        List<SetupStep> problems = SetupStep.problems(steps);
        assertEquals(2, problems.size(), steps.toString());
        assertTrue(problems.get(0).what().startsWith("cluster ide-arena-cluster"));
        assertTrue(problems.get(0).detail().contains("Workload Identity is off"), problems.get(0).detail());
        assertTrue(problems.get(0).detail().contains("Dataplane V2 is off (datapath DATAPATH_PROVIDER_UNSPECIFIED)"), problems.get(0).detail());
        String pool = problems.get(1).detail();
        assertTrue(pool.contains("machine type e2-standard-4 (want n2-standard-8)"), pool);
        assertTrue(pool.contains("no label arena/pool=eval"), pool);
        assertTrue(pool.contains("no taint arena/pool=eval:NO_SCHEDULE"), pool);
        assertTrue(pool.contains("nodes run as the Compute Engine default service account (want " + NODES), pool);
        assertTrue(problems.get(1).line().startsWith("differs"), problems.get(1).line());
        assertTrue(steps.stream().anyMatch(s -> s.what().startsWith("roles/iam.workloadIdentityUser") && s.status() == Status.SKIPPED),
                "no grant for an identity pool the cluster does not have: " + steps);
        assertTrue(f.sleeps.isEmpty() || !f.sleeps.contains(Duration.ofSeconds(1)), "and no IAM retries: " + f.sleeps);
    }

    @Test
    void aClusterWithoutDataplaneV2Differs() throws Exception {
        f.run(SetupFixture.config(false), false);
        f.gcp.clusters.computeIfPresent(CLUSTER, (k, c) -> c.toBuilder().setNetworkConfig(com.google.container.v1.NetworkConfig.newBuilder()
                .setDatapathProvider(com.google.container.v1.DatapathProvider.LEGACY_DATAPATH)).build());
        f.clearMutations();

        List<SetupStep> problems = SetupStep.problems(f.run(SetupFixture.config(false), false));

        assertEquals(1, problems.size(), problems.toString());
        assertEquals("differs       cluster ide-arena-cluster in us-central1: Dataplane V2 is off (datapath LEGACY_DATAPATH): NetworkPolicy objects"
                + " are not enforced; want ADVANCED_DATAPATH, which only a new cluster can have", problems.get(0).line());
        assertTrue(f.gcp.mutations().stream().noneMatch(m -> m.startsWith("gke.")), "reported, not changed");
    }

    @Test
    void aLargerMaximumOnAnExistingPoolPointsAtArenaScale() throws Exception {
        f.run(SetupFixture.config(false), false);
        f.clearMutations();
        SetupConfig c = SetupFixture.config(false);
        SetupConfig bigger = new SetupConfig(c.project(), c.region(), c.cluster(), c.bucket(), c.namespace(), c.repository(),
                c.serviceAccountId(), new SetupConfig.EvalPool("eval", "n2-standard-8", 0, 50, 150, false));

        List<SetupStep> problems = SetupStep.problems(f.run(bigger, false));

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).line().startsWith("differs       node pool eval"), problems.get(0).line());
        assertTrue(problems.get(0).detail().endsWith("autoscales 0..12 nodes (want 0..50; `arena scale --max-nodes 50` changes it)"),
                problems.get(0).detail());
        assertTrue(f.gcp.mutations().stream().noneMatch(m -> m.startsWith("gke.")), "reported, not changed");
    }

    @Test
    void missingEvalPoolIsAddedToAMatchingCluster() throws Exception {
        f.gcp.clusters.put(CLUSTER, Cluster.newBuilder().setName("ide-arena-cluster").setEndpoint("34.9.9.9")
                .setNetworkConfig(com.google.container.v1.NetworkConfig.newBuilder().setDatapathProvider(com.google.container.v1.DatapathProvider.ADVANCED_DATAPATH))
                .setWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool("proj-1.svc.id.goog")).build());

        List<SetupStep> steps = f.run(SetupFixture.config(false), false);

        assertTrue(f.gcp.mutations().contains("gke.createNodePool " + CLUSTER + "/nodePools/eval"), f.gcp.mutations().toString());
        assertFalse(f.gcp.mutations().stream().anyMatch(m -> m.startsWith("gke.createCluster")));
        assertEquals(List.of("eval"), f.gcp.clusters.get(CLUSTER).getNodePoolsList().stream().map(NodePool::getName).toList());
        assertTrue(SetupStep.problems(steps).isEmpty(), steps.toString());
    }

    @Test
    void identityNotYetPropagatedIsRetriedWithBackoff() throws Exception {
        f.gcp.accountPolicyNotFound.set(3);

        List<SetupStep> steps = f.run(SetupFixture.config(false), false);

        assertEquals(3, f.gcp.mutations().stream().filter(m -> m.startsWith("iam.setIamPolicy(refused")).count());
        assertEquals(List.of(binding("roles/iam.workloadIdentityUser", "serviceAccount:proj-1.svc.id.goog[ide-arena/arena-evaluator]")),
                f.gcp.policies.get(ACCOUNT).getBindingsList());
        assertTrue(f.sleeps.containsAll(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4))), f.sleeps.toString());
        assertFalse(f.sleeps.contains(Duration.ofSeconds(8)), "stops retrying once it worked");
        assertTrue(steps.stream().anyMatch(s -> s.what().startsWith("roles/iam.workloadIdentityUser") && s.status() == Status.CREATED));
    }

    @Test
    void bucketGrantForAFreshAccountIsRetriedToo() throws Exception {
        f.gcs.refusePolicyWrites.set(2);

        f.run(SetupFixture.config(false), false);

        assertEquals(3, f.gcs.count(dev.arena.testing.FakeGcsServer.Kind.BUCKET_SET_IAM), "two refused, then accepted");
        assertPodBucketAccess();
        assertTrue(f.sleeps.containsAll(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2))), f.sleeps.toString());
    }

    @Test
    void anApiEnabledByThisRunIsWaitedForWhileItStillAnswersDisabled() throws Exception {
        f.gcp.gkeStillDisabled.set(2);

        List<SetupStep> steps = f.run(SetupFixture.config(false), false);

        assertTrue(f.gcp.clusters.containsKey(CLUSTER), "the cluster was created once GKE answered");
        assertTrue(f.sleeps.containsAll(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4))), f.sleeps.toString());
        assertEquals(1, f.gcp.mutations().stream().filter(m -> m.startsWith("gke.createCluster")).count());
        assertTrue(SetupStep.problems(steps).isEmpty(), steps.toString());
    }

    @Test
    void anApiDisabledLaterIsReportedAtOnceNotWaitedFor() throws Exception {
        f.run(SetupFixture.config(false), false);
        f.sleeps.clear();
        f.gcp.gkeStillDisabled.set(1);

        dev.arena.ArenaException e = assertThrows(dev.arena.ArenaException.class, () -> f.run(SetupFixture.config(false), false));

        assertTrue(e.getMessage().contains("container.googleapis.com is not enabled in project proj-1"), e.getMessage());
        assertTrue(f.sleeps.isEmpty(), "this run enabled nothing, so there is nothing to wait for: " + f.sleeps);
    }

    @Test
    void identityThatNeverAppearsFailsWithAClearLine() {
        f.gcp.accountPolicyNotFound.set(100);

        ArenaException e = assertThrows(ArenaException.class, () -> f.run(SetupFixture.config(false), false));

        assertTrue(e.getMessage().contains("after " + IamRetry.ATTEMPTS + " attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("run `arena setup` again"), e.getMessage());
        assertEquals(IamRetry.ATTEMPTS, f.gcp.mutations().stream().filter(m -> m.startsWith("iam.setIamPolicy(refused")).count());
        assertTrue(f.sleeps.contains(Duration.ofSeconds(30)) && !f.sleeps.contains(Duration.ofSeconds(60)), "waits are capped: " + f.sleeps);
    }

    @Test
    void missingPermissionsStopSetupBeforeAnyChange() {
        f.gcp.granted = PermissionCheck.SETUP.stream().map(PermissionCheck.Needed::permission)
                .filter(p -> !p.startsWith("container.")).collect(java.util.stream.Collectors.toSet());

        ArenaException e = assertThrows(ArenaException.class, () -> f.run(SetupFixture.config(false), false));

        assertEquals(List.of(), f.mutations());
        assertTrue(e.getMessage().startsWith("missing permissions on project proj-1; grant roles/container.admin (for container.clusters.get,"
                + " container.clusters.create, container.operations.get): "), e.getMessage());
        assertTrue(e.getMessage().contains("`gcloud projects add-iam-policy-binding proj-1 --member=user:tester@example.com"
                + " --role=roles/container.admin`"), e.getMessage());
        assertFalse(e.getMessage().contains("roles/storage.admin"), "only the missing role is named");
    }

    @Test
    void permissionDeniedOnACallNamesTheRoleAndTheCommand() {
        f.gcp.denyGke = true;

        ArenaException e = assertThrows(ArenaException.class, () -> f.run(SetupFixture.config(false), false));

        assertEquals("cannot create cluster ide-arena-cluster in us-central1: permission denied, roles/container.admin is missing;"
                + " grant it with `gcloud projects add-iam-policy-binding proj-1 --member=user:tester@example.com --role=roles/container.admin`",
                e.getMessage());
    }

    @Test
    void vertexLetsThePodsAccountCallVertexAiAndRecordsTheLocation() throws Exception {
        f.run(SetupFixture.config(false), false);
        f.clearMutations();

        List<SetupStep> steps = f.run(SetupFixture.config(false).withVertex("us-east5"), false);

        assertEquals(List.of("serviceusage.batchEnable aiplatform.googleapis.com", "resourcemanager.setIamPolicy projects/proj-1"),
                orderedMutations(), "only what --vertex adds");
        assertEquals(State.ENABLED, f.gcp.services.get("projects/proj-1/services/aiplatform.googleapis.com"));
        List<Binding> project = f.gcp.policies.get("projects/proj-1").getBindingsList();
        assertTrue(project.contains(binding("roles/aiplatform.user", "serviceAccount:" + EMAIL)), project.toString());
        assertEquals(6, project.size(), "the owner and the four node roles stay beside it: " + project);
        assertTrue(steps.stream().anyMatch(s -> s.line().contains("roles/aiplatform.user on project proj-1 for " + EMAIL)
                && s.status() == Status.CREATED), steps.toString());
        assertEquals("us-east5", Settings.load(Map.of(), f.settings).stored().get(Settings.Key.VERTEX_LOCATION));

        f.clearMutations();
        List<SetupStep> again = f.run(SetupFixture.config(false).withVertex("us-east5"), false);
        assertEquals(List.of(), f.mutations());
        assertTrue(again.stream().noneMatch(SetupStep::changed), again.toString());
    }

    @Test
    void dryRunChangesNothingAndSaysWhatWouldHappen() throws Exception {
        String kube = Files.readString(f.kubeconfig);

        List<SetupStep> plan = f.run(SetupFixture.config(false), true);

        assertEquals(List.of(), f.mutations());
        assertEquals(kube, Files.readString(f.kubeconfig));
        assertFalse(Files.exists(f.settings));
        assertEquals(Status.OK, plan.get(0).status());
        assertTrue(plan.stream().skip(1).allMatch(s -> s.status() == Status.WOULD_ENABLE || s.status() == Status.WOULD_CREATE), plan.toString());
        assertEquals(SetupService.APIS.size() + 1 + 12, plan.size(), "permissions, APIs, bucket, repository, account, node account,"
                + " cluster, pool, five grants, kubeconfig, settings: " + plan);
        assertTrue(plan.stream().anyMatch(s -> s.line().startsWith("would create  cluster ide-arena-cluster")), plan.toString());
    }

    @Test
    void dryRunAfterSetupSaysEverythingExists() throws Exception {
        f.run(SetupFixture.config(false), false);
        f.clearMutations();

        List<SetupStep> plan = f.run(SetupFixture.config(false), true);

        assertEquals(List.of(), f.mutations());
        assertTrue(plan.stream().allMatch(s -> s.status() == Status.EXISTS || s.status() == Status.OK), plan.toString());
    }

    @Test
    void dryRunReportsMissingPermissionsInsteadOfFailing() throws Exception {
        f.gcp.granted = java.util.Set.of();

        List<SetupStep> plan = f.run(SetupFixture.config(false), true);

        assertEquals(Status.MISSING, plan.get(0).status());
        assertTrue(plan.get(0).detail().contains("roles/iam.serviceAccountUser"), plan.get(0).detail());
        assertEquals(List.of(plan.get(0)), SetupStep.problems(plan));
    }

    @Test
    void theUnconditionalObjectAdminOfAnOlderSetupIsReplacedByTheConditionalGrants() throws Exception {
        f.gcs.createBucket("proj-1-arena", "us-central1", true);
        f.gcs.seedBucketPolicy("proj-1-arena", new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"version": 1, "bindings": [
                  {"role": "roles/storage.legacyBucketOwner", "members": ["projectOwner:fake-project"]},
                  {"role": "roles/storage.objectAdmin", "members": ["serviceAccount:%s", "user:operator@example.com"]}]}
                """.formatted(EMAIL)));

        List<SetupStep> steps = f.run(SetupFixture.config(false), false);

        SetupStep grant = bucketGrantStep(steps);
        assertEquals(Status.UPDATED, grant.status(), grant.line());
        assertTrue(grant.detail().contains("removes the unconditional roles/storage.objectAdmin"), grant.detail());
        assertEquals(List.of("user:operator@example.com"), f.gcs.bucketBindings("proj-1-arena").get("roles/storage.objectAdmin"),
                "the operator keeps full access; only the pods' account loses it");
        assertPodBucketAccess();
        assertEquals(Status.EXISTS, bucketGrantStep(f.run(SetupFixture.config(false), false)).status(), "and a second run changes nothing");
    }

    @Test
    void anotherUnconditionalStorageRoleOfThePodsAccountIsReportedNotRemoved() throws Exception {
        f.gcs.createBucket("proj-1-arena", "us-central1", true);
        f.gcs.seedBucketPolicy("proj-1-arena", new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"version": 1, "bindings": [{"role": "roles/storage.objectUser", "members": ["serviceAccount:%s"]}]}
                """.formatted(EMAIL)));

        SetupStep grant = bucketGrantStep(f.run(SetupFixture.config(false), false));

        assertEquals(Status.DIFFERS, grant.status(), grant.line());
        assertTrue(grant.detail().contains("also holds roles/storage.objectUser on the whole bucket")
                && grant.detail().contains("gcloud storage buckets remove-iam-policy-binding gs://proj-1-arena --member=serviceAccount:" + EMAIL
                + " --role=roles/storage.objectUser"), grant.detail());
        assertEquals(List.of("serviceAccount:" + EMAIL), f.gcs.bucketBindings("proj-1-arena").get("roles/storage.objectUser"), "left as it was");
        assertConditionalBucketAccess(true);
    }

    @Test
    void aBucketWithoutUniformAccessGetsNoConditionalGrants() throws Exception {
        f.gcs.createBucket("proj-1-arena", "us-central1", false);

        List<SetupStep> steps = f.run(SetupFixture.config(false), false);

        assertEquals(Status.SKIPPED, bucketGrantStep(steps).status(), steps.toString());
        assertEquals(0, f.gcs.count(dev.arena.testing.FakeGcsServer.Kind.BUCKET_SET_IAM));
    }

    private static SetupStep bucketGrantStep(List<SetupStep> steps) {
        return steps.stream().filter(s -> s.what().startsWith("conditional roles/storage.objectViewer")).findFirst().orElseThrow();
    }

    /**
     * The pods' account holds exactly three conditional bindings on the bucket, field by field,
     * and no unconditional Cloud Storage role: the policy is version 3, as conditions require.
     */
    private void assertPodBucketAccess() {
        assertConditionalBucketAccess(false);
    }

    private void assertConditionalBucketAccess(boolean ignoreUnconditional) {
        var policy = f.gcs.bucketPolicy("proj-1-arena").orElseThrow();
        assertEquals(3, policy.get("version").asInt());
        String objects = "projects/_/buckets/proj-1-arena/objects/";
        List<List<String>> want = List.of(
                List.of("roles/storage.objectViewer", "arena-pods-read-datasets",
                        "resource.name.startsWith(\"" + objects + "datasets/\")"),
                List.of("roles/storage.objectViewer", "arena-pods-read-agent-tarballs",
                        "resource.name.startsWith(\"" + objects + "agents/\")"),
                List.of("roles/storage.objectViewer", "arena-pods-read-plans-and-results",
                        "resource.name.startsWith(\"" + objects + "runs/\") && (resource.name.endsWith(\"/run.json\")"
                                + " || resource.name.endsWith(\"/result.json\"))"),
                List.of("roles/storage.objectCreator", "arena-pods-create-results",
                        "resource.name.startsWith(\"" + objects + "runs/\") && !resource.name.endsWith(\"/run.json\")"
                                + " && !resource.name.endsWith(\"/summary.json\") && !resource.name.endsWith(\"/report.html\")"));
        List<List<String>> have = new java.util.ArrayList<>();
        for (var b : policy.get("bindings")) {
            List<String> members = new java.util.ArrayList<>();
            b.get("members").forEach(m -> members.add(m.asText()));
            if (!members.contains("serviceAccount:" + EMAIL) || ignoreUnconditional && !b.has("condition")) {
                continue;
            }
            assertEquals(List.of("serviceAccount:" + EMAIL), members, "a binding of its own: " + b);
            assertTrue(b.has("condition"), "no unconditional grant to the pods' account: " + b);
            assertFalse(b.get("condition").path("description").asText().isEmpty(), b.toString());
            have.add(List.of(b.get("role").asText(), b.get("condition").get("title").asText(), b.get("condition").get("expression").asText()));
        }
        assertEquals(want, have);
    }

    private List<String> orderedMutations() {
        // the storage fake records requests separately: merge by the order the steps run in
        return f.mutations().stream().sorted(java.util.Comparator.comparingInt(SetupServiceTest::stepOrder)).toList();
    }

    private static int stepOrder(String m) {
        List<String> order = List.of("serviceusage.", "storage.BUCKET_INSERT", "artifactregistry.createRepository", "iam.createServiceAccount",
                "gke.", "storage.BUCKET_SET_IAM", "artifactregistry.setIamPolicy", "resourcemanager.setIamPolicy", "iam.setIamPolicy");
        for (int i = 0; i < order.size(); i++) {
            if (m.startsWith(order.get(i))) {
                return i;
            }
        }
        return order.size();
    }

    private static Binding binding(String role, String member) {
        return Binding.newBuilder().setRole(role).addMembers(member).build();
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> kube, String section) {
        return ((List<Map<String, Object>>) kube.get(section)).stream().map(m -> (String) m.get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(Map<String, Object> kube, String section, String name, String field) {
        return ((List<Map<String, Object>>) kube.get(section)).stream().filter(m -> name.equals(m.get("name"))).findFirst()
                .map(m -> (Map<String, Object>) m.get(field)).orElseThrow();
    }
}
