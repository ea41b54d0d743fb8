package dev.arena.gcp;

import com.google.container.v1.NodePool;
import com.google.container.v1.NodeTaint;
import dev.arena.k8s.EvalPoolPlacement;
import dev.arena.k8s.Templates;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Toleration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The eval node pool setup creates is the one the run's Job selects and tolerates. */
class EvalPoolTemplateTest {
    @Test
    void poolCarriesTheLabelsTheJobSelectsAndTheTaintsItTolerates() {
        V1PodSpec pod = Templates.standard().load("job.yaml", V1Job.class).getSpec().getTemplate().getSpec();
        NodePool pool = new ClusterSpec(SetupFixture.config(false), EvalPoolPlacement.from(Templates.standard())).evalPool();

        assertEquals(pod.getNodeSelector(), pool.getConfig().getLabelsMap());
        assertEquals(pod.getTolerations().size(), pool.getConfig().getTaintsCount());
        for (NodeTaint taint : pool.getConfig().getTaintsList()) {
            assertTrue(pod.getTolerations().stream().anyMatch(t -> tolerates(t, taint)), "nothing in job.yaml tolerates " + taint);
        }
        // the values themselves, so a template that lost both would not pass unnoticed
        assertEquals(Map.of("arena/pool", "eval"), pool.getConfig().getLabelsMap());
        assertEquals(List.of(NodeTaint.newBuilder().setKey("arena/pool").setValue("eval").setEffect(NodeTaint.Effect.NO_SCHEDULE).build()),
                pool.getConfig().getTaintsList());
    }

    @Test
    void anEditedTemplateMovesThePoolWithIt(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("k8s-templates");
        Files.createDirectories(folder);
        String job = new String(EvalPoolTemplateTest.class.getResourceAsStream("/k8s-templates/job.yaml").readAllBytes())
                .replace("arena/pool: eval", "team/gpu: \"yes\"")
                .replace("key: arena/pool", "key: team/gpu").replace("value: eval", "value: \"yes\"")
                .replace("effect: NoSchedule", "effect: NoExecute");
        Files.writeString(folder.resolve("job.yaml"), job);

        EvalPoolPlacement placement = EvalPoolPlacement.from(new Templates(folder));
        NodePool pool = new ClusterSpec(SetupFixture.config(false), placement).evalPool();

        assertEquals(Map.of("team/gpu", "yes"), pool.getConfig().getLabelsMap());
        assertEquals(List.of(NodeTaint.newBuilder().setKey("team/gpu").setValue("yes").setEffect(NodeTaint.Effect.NO_EXECUTE).build()),
                pool.getConfig().getTaintsList());
    }

    @Test
    void aPoolWithThePlacementDoesNotDiffer() {
        ClusterSpec spec = new ClusterSpec(SetupFixture.config(false), EvalPoolPlacement.from(Templates.standard()));
        assertEquals(List.of(), spec.differences(spec.evalPool()));
        assertEquals(List.of(), spec.clusterDifferences(spec.cluster()));
        assertFalse(spec.differences(spec.evalPool().toBuilder().setConfig(spec.evalPool().getConfig().toBuilder().clearTaints()).build()).isEmpty());
    }

    private static boolean tolerates(V1Toleration t, NodeTaint taint) {
        String effect = switch (taint.getEffect()) {
            case NO_SCHEDULE -> "NoSchedule";
            case PREFER_NO_SCHEDULE -> "PreferNoSchedule";
            case NO_EXECUTE -> "NoExecute";
            default -> "?";
        };
        return taint.getKey().equals(t.getKey()) && effect.equals(t.getEffect())
                && ("Exists".equals(t.getOperator()) || taint.getValue().equals(t.getValue()));
    }
}
