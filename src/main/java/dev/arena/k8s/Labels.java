package dev.arena.k8s;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The labels every object arena creates carries; status and cleanup select by them only. */
public final class Labels {
    public static final String NAME = "app.kubernetes.io/name";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String RUN_ID = "arena/run-id";
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

    public static Map<String, String> forRun(String runId, String agent, String model) {
        Map<String, String> m = common();
        m.put(RUN_ID, KubeNames.labelValue(runId));
        m.put(AGENT, KubeNames.labelValue(agent));
        m.put(MODEL, KubeNames.labelValue(model));
        return m;
    }

    /** A label selector for arena's jobs, of one run when {@code runId} is given. */
    public static String selector(String runId) {
        Map<String, String> m = common();
        if (runId != null) {
            m.put(RUN_ID, KubeNames.labelValue(runId));
        }
        return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
