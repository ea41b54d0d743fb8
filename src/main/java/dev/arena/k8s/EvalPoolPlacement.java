package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Toleration;

import java.util.List;
import java.util.Map;

/**
 * The labels and taints the eval node pool must carry, read from the Job template's nodeSelector
 * and tolerations. `arena setup` builds the node pool from this, so an edit of job.yaml and the
 * pool it creates cannot drift apart; the gcp code never reads YAML itself.
 *
 * @param labels the template's nodeSelector: every one must be a label of the pool's nodes
 * @param taints the template's tolerations with key, value and effect (operator Equal): the pool's taints
 */
public record EvalPoolPlacement(Map<String, String> labels, List<Taint> taints) {
    /** A node taint; {@code effect} as Kubernetes writes it (NoSchedule, PreferNoSchedule, NoExecute). */
    public record Taint(String key, String value, String effect) {
    }

    public static EvalPoolPlacement from(Templates templates) {
        V1PodSpec pod = templates.load(JobManifest.TEMPLATE, V1Job.class).getSpec().getTemplate().getSpec();
        Map<String, String> labels = pod.getNodeSelector() == null ? Map.of() : Map.copyOf(pod.getNodeSelector());
        List<Taint> taints = pod.getTolerations() == null ? List.of() : pod.getTolerations().stream()
                .filter(t -> t.getKey() != null && t.getEffect() != null && !"Exists".equals(t.getOperator()))
                .map(EvalPoolPlacement::taint).toList();
        if (labels.isEmpty()) {
            throw new ArenaException(ExitCode.USAGE, "the Job template " + JobManifest.TEMPLATE
                    + " has no nodeSelector: arena cannot tell which node pool runs the tasks");
        }
        return new EvalPoolPlacement(labels, taints);
    }

    private static Taint taint(V1Toleration t) {
        return new Taint(t.getKey(), t.getValue() == null ? "" : t.getValue(), t.getEffect());
    }
}
