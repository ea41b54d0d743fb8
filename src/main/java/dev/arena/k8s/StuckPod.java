package dev.arena.k8s;

import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A pod that is not making progress, and why, in the words kubectl shows: Unschedulable,
 * ImagePullBackOff, OOMKilled, or Pending for longer than expected.
 */
public record StuckPod(String pod, String index, String reason, String detail) {
    static final String INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";

    static Optional<StuckPod> diagnose(V1Pod pod, OffsetDateTime now, Duration pendingLimit) {
        String name = pod.getMetadata().getName();
        String index = pod.getMetadata().getAnnotations() == null ? "?" : pod.getMetadata().getAnnotations().getOrDefault(INDEX_ANNOTATION, "?");
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        for (V1PodCondition c : orEmpty(pod.getStatus().getConditions())) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())) {
                return Optional.of(new StuckPod(name, index, "Unschedulable", String.valueOf(c.getMessage())));
            }
        }
        List<V1ContainerStatus> containers = new ArrayList<>(orEmpty(pod.getStatus().getInitContainerStatuses()));
        containers.addAll(orEmpty(pod.getStatus().getContainerStatuses()));
        for (V1ContainerStatus cs : containers) {
            if (cs.getState() != null && cs.getState().getWaiting() != null) {
                String reason = cs.getState().getWaiting().getReason();
                if ("ImagePullBackOff".equals(reason) || "ErrImagePull".equals(reason) || "CrashLoopBackOff".equals(reason)
                        || "CreateContainerConfigError".equals(reason)) {
                    return Optional.of(new StuckPod(name, index, reason, cs.getName() + ": " + cs.getState().getWaiting().getMessage()));
                }
            }
            if (cs.getLastState() != null && cs.getLastState().getTerminated() != null
                    && "OOMKilled".equals(cs.getLastState().getTerminated().getReason())
                    || cs.getState() != null && cs.getState().getTerminated() != null
                    && "OOMKilled".equals(cs.getState().getTerminated().getReason())) {
                return Optional.of(new StuckPod(name, index, "OOMKilled", cs.getName() + " ran out of memory; raise its limit in job.yaml"));
            }
        }
        OffsetDateTime created = pod.getMetadata().getCreationTimestamp();
        if ("Pending".equals(pod.getStatus().getPhase()) && created != null && created.plus(pendingLimit).isBefore(now)) {
            return Optional.of(new StuckPod(name, index, "Pending", "for " + Duration.between(created, now).toMinutes() + " min"));
        }
        return Optional.empty();
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
