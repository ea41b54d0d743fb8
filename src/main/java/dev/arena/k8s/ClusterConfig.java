package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.config.Durations;
import dev.arena.eval.EvalSettings;
import dev.arena.sandbox.ImageRef;
import dev.arena.run.PlanValidator;
import io.kubernetes.client.custom.Quantity;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster-wide defaults kept in the {@code arena-config} ConfigMap: written by
 * {@code arena deploy}, read by {@code arena run}. Values are strings in the ConfigMap so an
 * operator can edit them with kubectl.
 *
 * @param pod                  the limits and the Docker image of every eval pod; a ConfigMap written before they
 *                             existed reads as {@link PodLimits#DEFAULTS}
 * @param allowedModelBaseUrls the model base URLs a run may send requests (and API keys) to, besides the
 *                             providers' own ({@code arena deploy --model-base-url URL}, repeatable); kept
 *                             comma-separated under {@value #ALLOWED_MODEL_BASE_URLS}, which job.yaml passes
 *                             to the evaluator as {@code $ARENA_ALLOWED_MODEL_BASE_URLS}
 */
public record ClusterConfig(String image, String bucket, int maxParallelTasks, int maxIterations, String defaultAgent,
                            Duration taskTimeout, String evaluatorCpu, String evaluatorMemory, Duration jobTtl, PodLimits pod,
                            List<String> allowedModelBaseUrls) {
    public static final String NAME = "arena-config";
    public static final String ALLOWED_MODEL_BASE_URLS = "allowed-model-base-urls";
    /** Pods of a run at once when it does not pass --parallel ({@code arena scale --parallel} sets it). */
    public static final String MAX_PARALLEL_TASKS = "max-parallel-tasks";

    /**
     * What confines a pod and its task containers.
     *
     * @param dindImage            the Docker-in-Docker sidecar's image; pin it by digest ({@code repo:tag@sha256:...})
     * @param pidsLimit            most processes of one task container
     * @param nofile               open-files ulimit of task containers
     * @param dockerDataSize       {@code sizeLimit} of the emptyDir holding the sidecar's images and containers
     * @param sidecarCpu           CPU limit of the sidecar (task containers run inside it)
     * @param sidecarStorageRequest ephemeral-storage request of the sidecar
     * @param sidecarStorageLimit  ephemeral-storage limit of the sidecar
     */
    public record PodLimits(String dindImage, long pidsLimit, int nofile, String dockerDataSize, String sidecarCpu,
                            String sidecarStorageRequest, String sidecarStorageLimit) {
        /** The supported Docker release line; the operator pins its digest (see k8s-templates/README.md). */
        public static final String DEFAULT_DIND_IMAGE = "docker.io/library/docker:29-dind";
        public static final PodLimits DEFAULTS = new PodLimits(DEFAULT_DIND_IMAGE, EvalSettings.DEFAULT_PIDS_LIMIT,
                EvalSettings.DEFAULT_NOFILE, "50Gi", "4", "20Gi", "60Gi");

        public PodLimits {
            checkDindImage(dindImage);
            if (pidsLimit < 1 || nofile < 1) {
                throw new IllegalArgumentException("pids limit and nofile must be positive");
            }
        }

        /** The ConfigMap keys of these limits. */
        public Map<String, String> toData() {
            Map<String, String> data = new LinkedHashMap<>();
            data.put("dind-image", dindImage);
            data.put("pids-limit", Long.toString(pidsLimit));
            data.put("nofile", Integer.toString(nofile));
            data.put("docker-data-size", dockerDataSize);
            data.put("sidecar-cpu", sidecarCpu);
            data.put("sidecar-storage-request", sidecarStorageRequest);
            data.put("sidecar-storage-limit", sidecarStorageLimit);
            return data;
        }

        /** Reads the keys of {@link #toData}: a missing one takes its default, a present one must be valid. */
        public static PodLimits fromData(Map<String, String> d) {
            PodLimits def = DEFAULTS;
            String dind = d.containsKey("dind-image") ? required(d, "dind-image") : def.dindImage();
            try {
                checkDindImage(dind);
            } catch (ArenaException e) {
                throw bad("dind-image", e.getMessage());
            }
            PodLimits pod = new PodLimits(dind,
                    d.containsKey("pids-limit") ? number(d, "pids-limit") : def.pidsLimit(),
                    d.containsKey("nofile") ? number(d, "nofile") : def.nofile(),
                    quantity(d, "docker-data-size", def.dockerDataSize()),
                    quantity(d, "sidecar-cpu", def.sidecarCpu()),
                    quantity(d, "sidecar-storage-request", def.sidecarStorageRequest()),
                    quantity(d, "sidecar-storage-limit", def.sidecarStorageLimit()));
            if (new Quantity(pod.sidecarStorageRequest()).getNumber().compareTo(new Quantity(pod.sidecarStorageLimit()).getNumber()) > 0) {
                throw bad("sidecar-storage-request", "is more than sidecar-storage-limit");
            }
            return pod;
        }

        /** Whether the image is pinned by an immutable digest rather than a tag. */
        public boolean dindPinned() {
            return ImageRef.parse(dindImage).digest() != null;
        }
    }

    /** With {@link PodLimits#DEFAULTS}. */
    public ClusterConfig(String image, String bucket, int maxParallelTasks, int maxIterations, String defaultAgent,
                         Duration taskTimeout, String evaluatorCpu, String evaluatorMemory, Duration jobTtl) {
        this(image, bucket, maxParallelTasks, maxIterations, defaultAgent, taskTimeout, evaluatorCpu, evaluatorMemory, jobTtl,
                PodLimits.DEFAULTS, List.of());
    }

    /** With {@code limits} and no model base URL but the providers' own. */
    public ClusterConfig(String image, String bucket, int maxParallelTasks, int maxIterations, String defaultAgent,
                         Duration taskTimeout, String evaluatorCpu, String evaluatorMemory, Duration jobTtl, PodLimits limits) {
        this(image, bucket, maxParallelTasks, maxIterations, defaultAgent, taskTimeout, evaluatorCpu, evaluatorMemory, jobTtl,
                limits, List.of());
    }

    /** With {@link PodLimits#DEFAULTS} and these model base URLs. */
    public ClusterConfig(String image, String bucket, int maxParallelTasks, int maxIterations, String defaultAgent,
                         Duration taskTimeout, String evaluatorCpu, String evaluatorMemory, Duration jobTtl, List<String> allowedModelBaseUrls) {
        this(image, bucket, maxParallelTasks, maxIterations, defaultAgent, taskTimeout, evaluatorCpu, evaluatorMemory, jobTtl,
                PodLimits.DEFAULTS, allowedModelBaseUrls);
    }

    public ClusterConfig {
        if (pod == null) {
            pod = PodLimits.DEFAULTS;
        }
        allowedModelBaseUrls = allowedModelBaseUrls == null ? List.of() : List.copyOf(allowedModelBaseUrls);
    }

    /** What a run takes from here when the operator does not say. */
    public dev.arena.eval.EvalDefaults evalDefaults() {
        return new dev.arena.eval.EvalDefaults(defaultAgent, maxIterations, taskTimeout, pod.pidsLimit(), pod.nofile());
    }

    public static ClusterConfig defaults(String image, String bucket) {
        return new ClusterConfig(image, bucket, 20, 35, "oracle", Duration.ofMinutes(30), "500m", "1Gi", Duration.ofDays(1));
    }

    public ClusterConfig withPod(PodLimits limits) {
        return new ClusterConfig(image, bucket, maxParallelTasks, maxIterations, defaultAgent, taskTimeout, evaluatorCpu,
                evaluatorMemory, jobTtl, limits, allowedModelBaseUrls);
    }

    public Map<String, String> toData() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("image", image);
        data.put("bucket", bucket == null ? "" : bucket);
        data.put(MAX_PARALLEL_TASKS, Integer.toString(maxParallelTasks));
        data.put("max-iterations", Integer.toString(maxIterations));
        data.put("default-agent", defaultAgent);
        data.put("task-timeout", taskTimeout.toSeconds() + "s");
        data.put("evaluator-cpu", evaluatorCpu);
        data.put("evaluator-memory", evaluatorMemory);
        data.put("job-ttl", jobTtl.toSeconds() + "s");
        data.putAll(pod.toData());
        data.put(ALLOWED_MODEL_BASE_URLS, String.join(",", allowedModelBaseUrls));
        return data;
    }

    /**
     * Reads the ConfigMap's data; a missing or malformed value is named in the error. The pod
     * limits, added later, take their defaults when missing, but a value that is there must be valid.
     */
    public static ClusterConfig fromData(Map<String, String> data) {
        Map<String, String> d = data == null ? Map.of() : data;
        PodLimits pod = PodLimits.fromData(d);
        return new ClusterConfig(required(d, "image"), d.getOrDefault("bucket", ""),
                number(d, MAX_PARALLEL_TASKS), number(d, "max-iterations"), required(d, "default-agent"),
                duration(d, "task-timeout"), required(d, "evaluator-cpu"), required(d, "evaluator-memory"), duration(d, "job-ttl"), pod,
                List.copyOf(PlanValidator.parseAllowed(d.get(ALLOWED_MODEL_BASE_URLS))));
    }

    /**
     * A registry reference with a tag, a digest or both; a digest must be {@code sha256:} and 64
     * hex digits, as the kubelet pulls it.
     */
    static String checkDindImage(String reference) {
        if (reference == null || reference.isBlank() || !reference.equals(reference.strip())) {
            throw ArenaException.usage("the dind image is empty or has spaces: '" + reference + "'");
        }
        ImageRef ref = ImageRef.parse(reference);
        if (ref.digest() != null && !ref.digest().matches("sha256:[0-9a-f]{64}")) {
            throw ArenaException.usage("image reference '" + reference + "' has a malformed digest (want sha256: and 64 hex digits)");
        }
        return reference;
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

    private static String quantity(Map<String, String> d, String key, String fallback) {
        if (!d.containsKey(key)) {
            return fallback;
        }
        String v = required(d, key);
        try {
            if (new Quantity(v).getNumber().signum() <= 0) {
                throw bad(key, "must be more than 0");
            }
            return v;
        } catch (io.kubernetes.client.custom.QuantityFormatException | IllegalArgumentException e) {
            throw bad(key, "is not a Kubernetes quantity: " + v);
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
