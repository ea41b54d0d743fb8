package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.Labels;
import dev.arena.agent.ApiKeys;
import dev.arena.eval.Agents;
import dev.arena.run.JobItems;
import dev.arena.run.RunPlan;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1Volume;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Job of one run: {@code job.yaml} with the run-specific fields set by name. Everything
 * not set here stays as the template says, so operators adjust the pod in YAML, not in Java.
 */
public final class JobManifest {
    public static final String EVALUATOR = "evaluator";
    public static final String SIDECAR = "docker-daemon";
    /** The emptyDir that holds the sidecar's images, containers and volumes. */
    public static final String DOCKER_DATA = "docker-data";
    /** Time a pod gets beyond the task timeout: dataset download, image build, result upload. */
    static final Duration POD_OVERHEAD = Duration.ofMinutes(30);

    /** The template of every run's Job, in {@code k8s-templates/}. */
    public static final String TEMPLATE = "job.yaml";

    private final V1Job job;

    private JobManifest(V1Job job) {
        this.job = job;
    }

    /** The run's first Job: pod i evaluates item i of the plan. */
    public static V1Job forRun(Templates templates, RunPlan plan, ClusterConfig config, int parallelism, String bucket) {
        JobManifest m = forPlan(templates, plan, KubeNames.jobName(plan.runId()), config, bucket);
        m.items(plan.items().size(), parallelism);
        return m.job;
    }

    /**
     * A Job over some items of a stored run ({@code arena run --resume}): pod i evaluates the i-th
     * plan index of {@code items}, which the evaluator gets as {@value JobItems#ENV}. Its own name,
     * the run's labels, so status and cleanup find it with the run's other Jobs.
     */
    public static V1Job forItems(Templates templates, RunPlan plan, JobItems items, String jobName, ClusterConfig config,
                                 int parallelism, String bucket) {
        if (items.size() < 1 || items.size() > plan.items().size()) {
            throw new IllegalArgumentException(items.size() + " item(s) of a plan of " + plan.items().size());
        }
        JobManifest m = forPlan(templates, plan, jobName, config, bucket);
        m.items((int) items.size(), parallelism);
        env(m.container(EVALUATOR), JobItems.ENV, items.toString());
        return m.job;
    }

    private static JobManifest forPlan(Templates templates, RunPlan plan, String jobName, ClusterConfig config, String bucket) {
        JobManifest m = new JobManifest(templates.load(TEMPLATE, V1Job.class));
        m.name(jobName);
        m.labels(KubeNames.labelValues(Labels.forRun(plan.runId(), plan.settings().agent(), plan.settings().model())));
        m.annotations(Map.of(Labels.MODEL_ANNOTATION, String.valueOf(plan.settings().model())));
        m.podDeadline(plan.settings().taskTimeout().plus(POD_OVERHEAD));
        m.ttl(config.jobTtl());
        m.evaluator(config.image(), plan.runId(), bucket, config.evaluatorCpu(), config.evaluatorMemory());
        m.apiKey(Agents.callsAModel(plan.settings().agent()) ? ApiKeys.forModel(plan.settings().model()) : Optional.empty());
        m.sidecar(config.pod());
        return m;
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

    /**
     * Exactly the one Secret key the run's model needs, by name, and no other: whatever else the
     * Secret holds never reaches this run's pods. Not optional, so a key deleted after the run's
     * preflight keeps the pod from starting instead of failing every task.
     */
    void apiKey(Optional<String> variable) {
        V1Container c = container(EVALUATOR);
        if (c.getEnvFrom() != null) {
            c.getEnvFrom().removeIf(e -> e.getSecretRef() != null && Manifests.SECRET.equals(e.getSecretRef().getName()));
        }
        if (c.getEnv() != null) {
            c.getEnv().removeIf(e -> ApiKeys.ALL.contains(e.getName()));
        }
        variable.ifPresent(v -> c.addEnvItem(new V1EnvVar().name(v).valueFrom(new V1EnvVarSource()
                .secretKeyRef(new V1SecretKeySelector().name(Manifests.SECRET).key(v).optional(false)))));
    }

    /** The Docker daemon's image, CPU limit and local storage, from arena-config. */
    void sidecar(ClusterConfig.PodLimits limits) {
        V1Container c = pod().getInitContainers() == null ? null : pod().getInitContainers().stream()
                .filter(x -> SIDECAR.equals(x.getName())).findFirst().orElse(null);
        if (c == null) {
            throw new IllegalStateException("job.yaml has no init container named " + SIDECAR);
        }
        c.setImage(limits.dindImage());
        if (c.getResources() == null) {
            c.setResources(new V1ResourceRequirements());
        }
        V1ResourceRequirements r = c.getResources();
        Quantity cpu = Quantity.fromString(limits.sidecarCpu());
        Quantity cpuRequest = r.getRequests() == null ? null : r.getRequests().get("cpu");
        if (cpuRequest != null && cpuRequest.getNumber().compareTo(cpu.getNumber()) > 0) {
            throw ArenaException.usage("arena-config sidecar-cpu " + limits.sidecarCpu() + " is below the sidecar's CPU request "
                    + cpuRequest.toSuffixedString() + " in job.yaml; raise sidecar-cpu or lower the request");
        }
        r.putLimitsItem("cpu", cpu);
        r.putRequestsItem("ephemeral-storage", Quantity.fromString(limits.sidecarStorageRequest()));
        r.putLimitsItem("ephemeral-storage", Quantity.fromString(limits.sidecarStorageLimit()));
        V1Volume data = pod().getVolumes() == null ? null : pod().getVolumes().stream()
                .filter(v -> DOCKER_DATA.equals(v.getName())).findFirst().orElse(null);
        if (data == null || data.getEmptyDir() == null) {
            throw new IllegalStateException("job.yaml has no emptyDir volume named " + DOCKER_DATA);
        }
        data.getEmptyDir().setSizeLimit(Quantity.fromString(limits.dockerDataSize()));
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
