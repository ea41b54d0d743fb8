package dev.arena.gcp;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.k8s.Cluster;
import dev.arena.k8s.EvalPoolPlacement;
import dev.arena.k8s.Templates;
import io.kubernetes.client.util.ClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoctorTest {
    // the mock API server logs every request at INFO; held so the setting is not garbage-collected
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }

    /** The bucket's datasets folder over the clients' storage, as the CLI wires it. */
    private static final java.util.function.Function<GcpClients, dev.arena.store.ArtifactStore> DATASETS =
            c -> new dev.arena.store.GcsStore(c.storage(), "proj-1-arena", dev.arena.store.Stores.DATASETS_PREFIX);

    @TempDir
    Path dir;
    SetupFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new SetupFixture(dir);
        f.run(SetupFixture.config(false), false);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void reportsEachCheckWithTheFixOfEachFailure() throws Exception {
        List<Doctor.Line> lines = new Doctor(checks()).run(l -> { });
        Map<String, Doctor.Line> byName = lines.stream().collect(Collectors.toMap(Doctor.Line::check, l -> l));

        assertEquals(List.of("credentials", "APIs enabled", "bucket gs://proj-1-arena", "cluster reachable", "eval node pool",
                "namespace objects in ide-arena", "evaluator image", "datasets uploaded", "task images", "pods' access to gs://proj-1-arena"), lines.stream().map(Doctor.Line::check).toList());
        assertTrue(byName.get("credentials").outcome().ok());
        assertTrue(byName.get("APIs enabled").outcome().ok());
        assertTrue(byName.get("bucket gs://proj-1-arena").outcome().ok());
        assertEquals("ok    eval node pool: eval (n2-standard-8, autoscaling 0..12 nodes)", byName.get("eval node pool").text());
        // nothing answers on the cluster's address: the failure says what to do, and the other checks still ran
        Doctor.Line cluster = byName.get("cluster reachable");
        assertFalse(cluster.outcome().ok());
        assertTrue(cluster.text().contains("cannot reach the Kubernetes API") && cluster.text().contains("--context"), cluster.text());
        Doctor.Line datasets = byName.get("datasets uploaded");
        assertEquals("FAIL  datasets uploaded: no gs://proj-1-arena/datasets/manifest.json -> arena upload DATASETS_DIR", datasets.text());
        assertFalse(Doctor.allOk(lines));
    }

    @Test
    void podsBucketAccessPassesAfterSetupAndFailsOnAWholeBucketGrant() throws Exception {
        Check check = checks().get(9);
        assertEquals("ok    pods' access to gs://proj-1-arena: 4 conditional grants for arena-evaluator@proj-1.iam.gserviceaccount.com"
                + " (read datasets, agent tarballs, plans and results; create-only under runs/), nothing unconditional", new Doctor(List.of(check)).run(l -> { }).get(0).text());

        String email = "arena-evaluator@proj-1.iam.gserviceaccount.com";
        var policy = (com.fasterxml.jackson.databind.node.ObjectNode) f.gcs.bucketPolicy("proj-1-arena").orElseThrow();
        ((com.fasterxml.jackson.databind.node.ArrayNode) policy.get("bindings")).addObject().put("role", "roles/storage.objectAdmin")
                .putArray("members").add("serviceAccount:" + email);
        f.gcs.seedBucketPolicy("proj-1-arena", policy);
        Doctor.Line legacy = new Doctor(List.of(check)).run(l -> { }).get(0);
        assertEquals("FAIL  pods' access to gs://proj-1-arena: " + email + " holds roles/storage.objectAdmin on the whole bucket (any pod can"
                + " overwrite datasets and other runs' results) -> arena setup --project proj-1 (replaces it with conditional grants)", legacy.text());

        f.gcs.seedBucketPolicy("proj-1-arena", new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"version\": 1, \"bindings\": [{\"role\": \"roles/storage.objectUser\", \"members\": [\"serviceAccount:" + email + "\"]}]}"));
        Doctor.Line broad = new Doctor(List.of(check)).run(l -> { }).get(0);
        assertEquals("FAIL  pods' access to gs://proj-1-arena: " + email + " holds roles/storage.objectUser on the whole bucket"
                + " -> gcloud storage buckets remove-iam-policy-binding gs://proj-1-arena --member=serviceAccount:" + email
                + " --role=roles/storage.objectUser", broad.text());

        f.gcs.seedBucketPolicy("proj-1-arena", new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"version\": 1, \"bindings\": []}"));
        Doctor.Line none = new Doctor(List.of(check)).run(l -> { }).get(0);
        assertTrue(none.text().startsWith("FAIL  pods' access to gs://proj-1-arena: missing conditional grants for " + email
                + ": arena-pods-read-datasets, arena-pods-read-agent-tarballs, arena-pods-read-plans-and-results, arena-pods-create-results"
                + " -> arena setup"), none.text());
    }

    @Test
    void datasetsPassOnceTheManifestListsThem() {
        f.gcs.seed("proj-1-arena", "datasets/manifest.json", "[{\"name\":\"a\"},{\"name\":\"b\"}]".getBytes(StandardCharsets.UTF_8), Map.of());

        Doctor.Line line = new Doctor(checks().subList(7, 8)).run(l -> { }).get(0);

        assertEquals("ok    datasets uploaded: 2 in the manifest", line.text());
    }

    @Test
    void taskImagesRecordedInTheManifestMustBeInTheRegistry() throws Exception {
        String present = "sha256:" + "a".repeat(64);
        String gone = "sha256:" + "b".repeat(64);
        com.sun.net.httpserver.HttpServer registry = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        registry.createContext("/v2/", x -> {
            asked.add(x.getRequestMethod() + " " + x.getRequestURI().getPath());
            boolean found = x.getRequestURI().getPath().equals("/v2/r/arena-task/a/manifests/" + present);
            if (found) {
                x.getResponseHeaders().add("Docker-Content-Digest", present);
            }
            x.sendResponseHeaders(found ? 200 : 404, -1);
            x.close();
        });
        registry.start();
        try {
            String host = "127.0.0.1:" + registry.getAddress().getPort();
            String manifest = "[{\"name\":\"a\",\"image\":\"" + host + "/r/arena-task/a:t1\",\"image_digest\":\"" + present + "\"},"
                    + "{\"name\":\"b\",\"image\":\"" + host + "/r/arena-task/b:t2\",\"image_digest\":\"" + gone + "\"},"
                    + "{\"name\":\"c\"}]";
            f.gcs.seed("proj-1-arena", "datasets/manifest.json", manifest.getBytes(StandardCharsets.UTF_8), Map.of());
            Check check = new DoctorChecks(() -> f.clients, SetupFixture.config(false), this::unreachableCluster,
                    EvalPoolPlacement.from(Templates.standard()), DATASETS, new dev.arena.images.RegistryClient(h -> null)).standard().get(8);

            Doctor.Line line = new Doctor(List.of(check)).run(l -> { }).get(0);

            assertEquals("FAIL  task images: missing from the registry: b (" + host + "/r/arena-task/b@" + gone
                    + "); built in each pod: c -> arena upload --build-images", line.text());
            assertEquals(List.of("HEAD /v2/r/arena-task/a/manifests/" + present, "HEAD /v2/r/arena-task/b/manifests/" + gone), asked);
        } finally {
            registry.stop(0);
        }
    }

    @Test
    void failingChecksOfABareProjectNameTheirFixes() {
        f.gcp.services.clear();
        f.gcp.clusters.clear();

        List<Doctor.Line> lines = new Doctor(checks().subList(1, 5)).run(l -> { });

        assertEquals("gcloud services enable " + String.join(" ", SetupService.APIS) + " --project proj-1", lines.get(0).outcome().fix());
        assertEquals("arena setup --project proj-1", lines.get(3).outcome().fix());
    }

    @Test
    void withoutCredentialsTheFirstCheckSaysHowAndTheOthersWhatTheyNeed() {
        List<Check> checks = new DoctorChecks(() -> {
            throw new ArenaException(ExitCode.ENVIRONMENT, "no Google application default credentials: run `gcloud auth application-default login`");
        }, SetupFixture.config(false), this::unreachableCluster, EvalPoolPlacement.from(Templates.standard()), DATASETS, new dev.arena.images.RegistryClient(h -> null)).standard();

        List<Doctor.Line> lines = new Doctor(checks).run(l -> { });

        assertEquals("FAIL  credentials -> no Google application default credentials: run `gcloud auth application-default login`", lines.get(0).text());
        assertEquals("FAIL  APIs enabled -> skipped: needs Google credentials (see the credentials check)", lines.get(1).text());
        assertEquals("FAIL  namespace objects in ide-arena -> skipped: needs the cluster (see the cluster check)", lines.get(5).text());
    }

    @Test
    void aCheckThatThrowsDoesNotStopTheOthers() {
        List<String> ran = new ArrayList<>();
        List<Check> checks = List.of(
                Check.of("first", () -> {
                    ran.add("first");
                    throw new ArenaException(ExitCode.ENVIRONMENT, "cannot reach X; run Y");
                }),
                Check.of("second", () -> {
                    ran.add("second");
                    return Check.Outcome.ok("fine");
                }));

        List<Doctor.Line> lines = new Doctor(checks).run(l -> { });

        assertEquals(List.of("first", "second"), ran);
        assertEquals("FAIL  first -> cannot reach X; run Y", lines.get(0).text());
        assertEquals("ok    second: fine", lines.get(1).text());
        assertFalse(Doctor.allOk(lines));
        assertTrue(Doctor.allOk(lines.subList(1, 2)));
    }

    @Test
    void namespaceObjectsAndTheEvaluatorImageAreCheckedInTheClusterAndTheRegistry() {
        var server = new io.fabric8.kubernetes.client.server.mock.KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
                new io.fabric8.mockwebserver.MockWebServer(), new java.util.HashMap<>(),
                new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false);
        server.init();
        try {
            Cluster cluster = new Cluster(new ClientBuilder().setBasePath("http://" + server.getHostName() + ":" + server.getPort()).build(), "ide-arena");
            String image = "us-central1-docker.pkg.dev/proj-1/arena/arena:abc123";
            List<Check> checks = new DoctorChecks(() -> f.clients, SetupFixture.config(false), () -> cluster,
                    EvalPoolPlacement.from(Templates.standard()), DATASETS, new dev.arena.images.RegistryClient(h -> null)).standard();
            List<Check> clusterChecks = List.of(checks.get(3), checks.get(5), checks.get(6));

            List<Doctor.Line> before = new Doctor(clusterChecks).run(l -> { });
            assertTrue(before.get(0).outcome().ok(), "a missing namespace still proves the cluster answers: " + before.get(0).text());
            assertEquals("FAIL  namespace objects in ide-arena -> namespace ide-arena does not exist; run `arena deploy` first", before.get(1).text());

            new dev.arena.k8s.Deployer(cluster, new dev.arena.k8s.Manifests(Templates.standard()))
                    .deploy(dev.arena.k8s.ClusterConfig.defaults(image, "proj-1-arena"), "arena-evaluator@proj-1.iam.gserviceaccount.com", Map.of());
            List<Doctor.Line> deployed = new Doctor(clusterChecks).run(l -> { });
            assertTrue(deployed.get(1).outcome().ok(), deployed.get(1).text());
            assertEquals("FAIL  evaluator image: " + image + " is not in the registry -> arena deploy (builds and pushes it)", deployed.get(2).text());

            f.gcp.tags.add("projects/proj-1/locations/us-central1/repositories/arena/packages/arena/tags/abc123");
            assertEquals("ok    evaluator image: " + image, new Doctor(List.of(checks.get(6))).run(l -> { }).get(0).text());
        } finally {
            server.destroy();
        }
    }

    @Test
    void vertexAccessIsCheckedOnlyWhenTheSettingsNameALocationAndPassesAfterSetupVertex() throws Exception {
        assertFalse(checks().stream().anyMatch(c -> c.name().contains("Vertex")), "no Vertex location, no Vertex check");

        SetupConfig vertex = SetupFixture.config(false).withVertex("us-east5");
        List<Check> checks = checks(vertex);
        assertEquals("pods' access to Vertex AI in us-east5", checks.get(checks.size() - 1).name());
        Doctor.Line before = new Doctor(List.of(checks.get(1), checks.get(checks.size() - 1))).run(l -> { }).get(1);
        assertEquals("FAIL  pods' access to Vertex AI in us-east5: arena-evaluator@proj-1.iam.gserviceaccount.com lacks"
                + " roles/aiplatform.user on project proj-1 -> arena setup --vertex --project proj-1", before.text());
        Doctor.Line apis = new Doctor(List.of(checks.get(1))).run(l -> { }).get(0);
        assertEquals("FAIL  APIs enabled: not enabled: aiplatform.googleapis.com -> gcloud services enable aiplatform.googleapis.com"
                + " --project proj-1", apis.text());

        f.run(vertex, false);

        List<Doctor.Line> after = new Doctor(List.of(checks.get(1), checks.get(checks.size() - 1))).run(l -> { });
        assertEquals("ok    APIs enabled: 6 enabled", after.get(0).text());
        assertEquals("ok    pods' access to Vertex AI in us-east5: roles/aiplatform.user for arena-evaluator@proj-1.iam.gserviceaccount.com",
                after.get(1).text());
    }

    private List<Check> checks() {
        return checks(SetupFixture.config(false));
    }

    private List<Check> checks(SetupConfig config) {
        return new DoctorChecks(() -> f.clients, config, this::unreachableCluster,
                EvalPoolPlacement.from(Templates.standard()), DATASETS, new dev.arena.images.RegistryClient(h -> null)).standard();
    }

    private Cluster unreachableCluster() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new Cluster(new ClientBuilder().setBasePath("http://127.0.0.1:" + port).build(), "ide-arena");
    }
}
