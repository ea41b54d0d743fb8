package dev.arena.gcp;

import dev.arena.config.Settings;
import dev.arena.gcp.SetupStep.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TeardownTest {
    private static final String CONTEXT = "gke_proj-1_us-central1_ide-arena-cluster";

    @TempDir
    Path dir;
    SetupFixture f;
    SetupConfig config = SetupFixture.config(false);

    @BeforeEach
    void setUp() throws Exception {
        f = new SetupFixture(dir);
        Files.createDirectories(f.kubeconfig.getParent());
        Files.writeString(f.kubeconfig, "apiVersion: v1\nkind: Config\ncurrent-context: other\ncontexts:\n- name: other\n  context: {cluster: other, user: other}\n");
        f.run(config, false);
        // runs and datasets in the bucket
        f.gcs.seed("proj-1-arena", "runs/r1/run.json", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        f.gcs.seed("proj-1-arena", "datasets/manifest.json", "[]".getBytes(StandardCharsets.UTF_8), Map.of());
        f.clearMutations();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void deletesWhatSetupMade() throws Exception {
        List<SetupStep> steps = f.teardown().run(config, false, s -> { });

        assertTrue(f.gcp.clusters.isEmpty(), "cluster deleted after its operation completed");
        assertTrue(f.gcp.repositories.isEmpty());
        assertTrue(f.gcp.accounts.isEmpty(), "the evaluator's and the nodes' accounts");
        assertTrue(f.gcp.mutations().contains("iam.deleteServiceAccount projects/proj-1/serviceAccounts/arena-nodes@proj-1.iam.gserviceaccount.com"));
        assertEquals(List.of(com.google.iam.v1.Binding.newBuilder().setRole("roles/owner").addMembers("user:owner@example.com").build()),
                f.gcp.policies.get("projects/proj-1").getBindingsList(), "the node account's project roles are gone, the rest stays");
        assertTrue(f.gcs.bucketResource("proj-1-arena").isEmpty());
        assertEquals(List.of("storage.DELETE datasets/manifest.json", "storage.DELETE runs/r1/run.json", "storage.BUCKET_DELETE proj-1-arena"),
                f.mutations().stream().filter(m -> m.startsWith("storage.")).toList(), "objects first, then the empty bucket");
        Map<String, Object> kube = new Yaml().load(Files.readString(f.kubeconfig));
        assertEquals("other", kube.get("current-context"));
        assertEquals(List.of("other"), ((List<?>) kube.get("contexts")).stream().map(c -> ((Map<?, ?>) c).get("name")).toList());
        assertFalse(Files.readString(f.kubeconfig).contains(CONTEXT));
        assertEquals(Map.of(), Settings.load(Map.of(), f.settings).stored());
        assertTrue(steps.stream().limit(7).allMatch(s -> s.status() == Status.DELETED), steps.toString());
    }

    @Test
    void keepBucketKeepsTheBucketItsContentAndItsSettings() throws Exception {
        List<SetupStep> steps = f.teardown().run(config, true, s -> { });

        assertTrue(f.gcp.clusters.isEmpty());
        assertTrue(f.gcs.bucketResource("proj-1-arena").isPresent());
        assertEquals(List.of("datasets/manifest.json", "runs/r1/run.json"), f.gcs.names("proj-1-arena"));
        assertEquals(List.of("storage.BUCKET_SET_IAM proj-1-arena"), f.mutations().stream().filter(m -> m.startsWith("storage.")).toList(),
                "no object or bucket deleted");
        assertEquals(Map.of(Settings.Key.PROJECT, "proj-1", Settings.Key.BUCKET, "proj-1-arena"), Settings.load(Map.of(), f.settings).stored());
        assertTrue(steps.stream().anyMatch(s -> s.status() == Status.KEPT && s.what().equals("bucket gs://proj-1-arena")));
        // the pods' grants go with the account; the operator's bindings stay
        assertTrue(steps.stream().anyMatch(s -> s.status() == Status.DELETED && s.what().startsWith("conditional roles/storage.objectViewer")), steps.toString());
        var policy = f.gcs.bucketPolicy("proj-1-arena").orElseThrow();
        assertFalse(policy.toString().contains("arena-evaluator@"), policy.toString());
        assertEquals(List.of("roles/storage.legacyBucketOwner"), java.util.stream.StreamSupport.stream(policy.get("bindings").spliterator(), false)
                .map(b -> b.get("role").asText()).toList());
    }

    @Test
    void keepingTheBucketTwiceFindsTheGrantsGone() throws Exception {
        f.teardown().run(config, true, s -> { });
        f.clearMutations();

        List<SetupStep> again = f.teardown().run(config, true, s -> { });

        assertEquals(List.of(), f.mutations());
        assertTrue(again.stream().anyMatch(s -> s.status() == Status.ABSENT && s.what().startsWith("conditional roles/storage.objectViewer")), again.toString());
    }

    @Test
    void runningItAgainFindsNothingLeft() throws Exception {
        f.teardown().run(config, false, s -> { });
        f.clearMutations();

        List<SetupStep> again = f.teardown().run(config, false, s -> { });

        assertEquals(List.of(), f.mutations());
        assertTrue(again.stream().allMatch(s -> s.status() == Status.ABSENT), again.toString());
    }
}
