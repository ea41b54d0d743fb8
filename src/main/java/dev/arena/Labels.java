package dev.arena;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels every object arena creates carries (task containers, Jobs, pods, images), so
 * status and cleanup, local and in the cluster, find them by label only. Values are as given;
 * Kubernetes code makes them valid label values ({@code k8s.KubeNames.labelValues}).
 */
public final class Labels {
    public static final String NAME = "app.kubernetes.io/name";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String RUN_ID = "arena/run-id";
    public static final String DATASET = "arena/dataset";
    public static final String TASK = "arena/task";
    public static final String AGENT = "arena/agent";
    public static final String MODEL = "arena/model";
    /** The model as typed: label values cannot hold "/" or ":", annotations can. */
    public static final String MODEL_ANNOTATION = "arena/model-name";
    public static final String APP = "arena";

    private Labels() {
    }

    public static Map<String, String> common() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(NAME, APP);
        m.put(MANAGED_BY, APP);
        return m;
    }

    /** Everything of one run, or of every run when {@code runId} is null. */
    public static Map<String, String> ofRun(String runId) {
        Map<String, String> m = common();
        if (runId != null) {
            m.put(RUN_ID, runId);
        }
        return m;
    }

    /** A run's Job and pods. */
    public static Map<String, String> forRun(String runId, String agent, String model) {
        Map<String, String> m = ofRun(runId);
        m.put(AGENT, agent);
        m.put(MODEL, model);
        return m;
    }

    /** The sandbox of one attempt. */
    public static Map<String, String> forSandbox(String runId, String dataset, String task) {
        Map<String, String> m = ofRun(runId);
        m.put(DATASET, dataset);
        m.put(TASK, task);
        return m;
    }
}
