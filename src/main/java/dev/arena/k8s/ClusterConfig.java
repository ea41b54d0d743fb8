package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.config.Durations;
import dev.arena.run.PlanValidator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster-wide defaults kept in the {@code arena-config} ConfigMap: written by
 * {@code arena deploy}, read by {@code arena run}. Values are strings in the ConfigMap so an
 * operator can edit them with kubectl.
 *
 * @param allowedModelBaseUrls the model base URLs a run may send requests (and API keys) to, besides the
 *                             providers' own ({@code arena deploy --model-base-url URL}, repeatable); kept
 *                             comma-separated under {@value #ALLOWED_MODEL_BASE_URLS}, which job.yaml passes
 *                             to the evaluator as {@code $ARENA_ALLOWED_MODEL_BASE_URLS}
 */
public record ClusterConfig(String image, String bucket, int maxParallelTasks, int maxIterations, String defaultAgent,
                            Duration taskTimeout, String evaluatorCpu, String evaluatorMemory, Duration jobTtl,
                            List<String> allowedModelBaseUrls) {
    public static final String NAME = "arena-config";
    public static final String ALLOWED_MODEL_BASE_URLS = "allowed-model-base-urls";

    public ClusterConfig {
        allowedModelBaseUrls = allowedModelBaseUrls == null ? List.of() : List.copyOf(allowedModelBaseUrls);
    }

    /** A config that allows no model base URL but the providers' own. */
    public ClusterConfig(String image, String bucket, int maxParallelTasks, int maxIterations, String defaultAgent,
                         Duration taskTimeout, String evaluatorCpu, String evaluatorMemory, Duration jobTtl) {
        this(image, bucket, maxParallelTasks, maxIterations, defaultAgent, taskTimeout, evaluatorCpu, evaluatorMemory, jobTtl, List.of());
    }

    /** What a run takes from here when the operator does not say. */
    public dev.arena.eval.EvalDefaults evalDefaults() {
        return new dev.arena.eval.EvalDefaults(defaultAgent, maxIterations, taskTimeout);
    }

    public static ClusterConfig defaults(String image, String bucket) {
        return new ClusterConfig(image, bucket, 20, 35, "oracle", Duration.ofMinutes(30), "500m", "1Gi", Duration.ofDays(1));
    }

    public Map<String, String> toData() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("image", image);
        data.put("bucket", bucket == null ? "" : bucket);
        data.put("max-parallel-tasks", Integer.toString(maxParallelTasks));
        data.put("max-iterations", Integer.toString(maxIterations));
        data.put("default-agent", defaultAgent);
        data.put("task-timeout", taskTimeout.toSeconds() + "s");
        data.put("evaluator-cpu", evaluatorCpu);
        data.put("evaluator-memory", evaluatorMemory);
        data.put("job-ttl", jobTtl.toSeconds() + "s");
        data.put(ALLOWED_MODEL_BASE_URLS, String.join(",", allowedModelBaseUrls));
        return data;
    }

    /** Reads the ConfigMap's data; a missing or malformed value is named in the error. */
    public static ClusterConfig fromData(Map<String, String> data) {
        Map<String, String> d = data == null ? Map.of() : data;
        return new ClusterConfig(required(d, "image"), d.getOrDefault("bucket", ""),
                number(d, "max-parallel-tasks"), number(d, "max-iterations"), required(d, "default-agent"),
                duration(d, "task-timeout"), required(d, "evaluator-cpu"), required(d, "evaluator-memory"), duration(d, "job-ttl"),
                List.copyOf(PlanValidator.parseAllowed(d.get(ALLOWED_MODEL_BASE_URLS))));
    }

    private static String required(Map<String, String> d, String key) {
        String v = d.get(key);
        if (v == null || v.isBlank()) {
            throw bad(key, "is missing");
        }
        return v.strip();
    }

    private static int number(Map<String, String> d, String key) {
        try {
            int n = Integer.parseInt(required(d, key));
            if (n < 1) {
                throw bad(key, "must be at least 1");
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(key, "is not a number: " + d.get(key));
        }
    }

    private static Duration duration(Map<String, String> d, String key) {
        try {
            return Durations.parse(required(d, key));
        } catch (ArenaException e) {
            throw bad(key, e.getMessage());
        }
    }

    private static ArenaException bad(String key, String problem) {
        return new ArenaException(ExitCode.ENVIRONMENT, "ConfigMap " + NAME + ": " + key + " " + problem
                + "; run `arena deploy` to rewrite it");
    }
}
