package dev.arena.k8s;

import dev.arena.Labels;
import dev.arena.run.RunPlan;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Job of one run: {@code job.yaml} with the run-specific fields set by name. Everything
 * not set here stays as the template says, so operators adjust the pod in YAML, not in Java.
 */
public final class JobManifest {
    public static final String EVALUATOR = "evaluator";
    public static final String SIDECAR = "docker-daemon";
    /** Time a pod gets beyond the task timeout: dataset download, image build, result upload. */
    static final Duration POD_OVERHEAD = Duration.ofMinutes(30);

    /** The template of every run's Job, in {@code k8s-templates/}. */
    public static final String TEMPLATE = "job.yaml";

    private final V1Job job;

    private JobManifest(V1Job job) {
        this.job = job;
    }

    public static V1Job forRun(Templates templates, RunPlan plan, ClusterConfig config, int parallelism, String bucket) {
        JobManifest m = new JobManifest(templates.load(TEMPLATE, V1Job.class));
        m.name(KubeNames.jobName(plan.runId()));
        m.labels(KubeNames.labelValues(Labels.forRun(plan.runId(), plan.settings().agent(), plan.settings().model())));
        m.annotations(Map.of(Labels.MODEL_ANNOTATION, String.valueOf(plan.settings().model())));
        m.items(plan.items().size(), parallelism);
        m.podDeadline(plan.settings().taskTimeout().plus(POD_OVERHEAD));
        m.ttl(config.jobTtl());
        m.evaluator(config.image(), plan.runId(), bucket, config.evaluatorCpu(), config.evaluatorMemory());
        return m.job;
    }

    void name(String name) {
        job.getMetadata().setName(name);
    }

    void labels(Map<String, String> labels) {
        job.getMetadata().setLabels(merged(job.getMetadata().getLabels(), labels));
        V1ObjectMeta podMeta = job.getSpec().getTemplate().getMetadata();
        podMeta.setLabels(merged(podMeta.getLabels(), labels));
    }

    void annotations(Map<String, String> annotations) {
        job.getMetadata().setAnnotations(merged(job.getMetadata().getAnnotations(), annotations));
    }

    void items(int completions, int parallelism) {
        job.getSpec().completionMode("Indexed").completions(completions).parallelism(Math.min(parallelism, completions));
    }

    void podDeadline(Duration deadline) {
        pod().setActiveDeadlineSeconds(deadline.toSeconds());
    }

    void ttl(Duration ttl) {
        job.getSpec().setTtlSecondsAfterFinished(Math.toIntExact(ttl.toSeconds()));
    }

    void evaluator(String image, String runId, String bucket, String cpu, String memory) {
        V1Container c = container(EVALUATOR);
        c.setImage(image);
        c.setArgs(List.of("evaluate", "--run", runId));
        env(c, "ARENA_BUCKET", bucket);
        // the pod decides whether an infrastructure error is retried; it needs to know how often it may be
        Integer retries = job.getSpec().getBackoffLimitPerIndex();
        env(c, "ARENA_RETRIES", String.valueOf(retries == null ? 0 : retries));
        c.getResources().putRequestsItem("cpu", Quantity.fromString(cpu)).putRequestsItem("memory", Quantity.fromString(memory));
    }

    private static void env(V1Container c, String name, String value) {
        c.getEnv().removeIf(e -> e.getName().equals(name));
        c.addEnvItem(new V1EnvVar().name(name).value(value));
    }

    private V1PodSpec pod() {
        return job.getSpec().getTemplate().getSpec();
    }

    private V1Container container(String name) {
        return pod().getContainers().stream().filter(c -> name.equals(c.getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("job.yaml has no container named " + name));
    }

    private static Map<String, String> merged(Map<String, String> base, Map<String, String> more) {
        Map<String, String> m = new LinkedHashMap<>(base == null ? Map.of() : base);
        m.putAll(more);
        return m;
    }
}
