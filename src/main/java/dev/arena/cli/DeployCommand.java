package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.agent.ApiKeys;
import dev.arena.config.BuildArgs;
import dev.arena.config.Durations;
import dev.arena.config.Settings;
import dev.arena.images.RegistryCredentials;
import dev.arena.k8s.ClusterConfig;
import dev.arena.k8s.Deployer;
import dev.arena.k8s.EvaluatorImage;
import dev.arena.k8s.Manifests;
import dev.arena.k8s.Templates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build and push the evaluator image (linux/amd64), then create or update arena's objects in the cluster:",
            "namespace, evaluator ServiceAccount, the arena-config ConfigMap, the arena-api-keys Secret and the eval pods' NetworkPolicy",
            "(from the API-key variables that are set). Safe to run again."})
final class DeployCommand implements Callable<Integer> {
    static final String REGISTRY_ENV = Settings.REGISTRY_ENV;

    @Option(names = "--image", paramLabel = "REF", description = "Use this evaluator image instead of building one.")
    String image;

    @Option(names = "--registry", paramLabel = "REPO", description = "Where to push the evaluator image, e.g."
            + " us-central1-docker.pkg.dev/PROJECT/REPO (default: $" + REGISTRY_ENV + ", then the settings file).")
    String registry;

    @Option(names = "--image-build-arg", paramLabel = "KEY=VALUE", description = "Build argument of the evaluator image (e.g. BASE_IMAGE).")
    List<String> imageBuildArgs = new java.util.ArrayList<>();

    @Option(names = "--bucket", paramLabel = "NAME", description = "Bucket of runs and datasets (default: $" + StoreOptions.BUCKET_ENV + ", then the settings file).")
    String bucket;

    @Option(names = "--gcp-service-account", paramLabel = "EMAIL", description = "Google service account of the pods, for Workload Identity (default: $ARENA_GCP_SERVICE_ACCOUNT, then the settings file).")
    String googleServiceAccount;

    @Option(names = "--max-parallel", paramLabel = "N", defaultValue = "20", description = "Pods of a run at once (default: ${DEFAULT-VALUE}).")
    int maxParallel;

    @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "35", description = "Default agent steps per task (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--default-agent", paramLabel = "NAME", defaultValue = "oracle", description = "Default agent (default: ${DEFAULT-VALUE}).")
    String defaultAgent;

    @Option(names = "--task-timeout", paramLabel = "DURATION", defaultValue = "30m", description = "Default task timeout (default: ${DEFAULT-VALUE}).")
    String taskTimeout;

    @Option(names = "--evaluator-cpu", paramLabel = "QTY", defaultValue = "500m", description = "CPU request of the evaluator (default: ${DEFAULT-VALUE}).")
    String cpu;

    @Option(names = "--evaluator-memory", paramLabel = "QTY", defaultValue = "1Gi", description = "Memory request of the evaluator (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--job-ttl", paramLabel = "DURATION", defaultValue = "24h", description = "How long finished Jobs stay (default: ${DEFAULT-VALUE}).")
    String jobTtl;

    @Option(names = "--dind-image", paramLabel = "REF", defaultValue = ClusterConfig.PodLimits.DEFAULT_DIND_IMAGE,
            description = "Docker-in-Docker sidecar image; pin it by digest, REPO:TAG@sha256:... (default: ${DEFAULT-VALUE}).")
    String dindImage;

    @Option(names = "--pids-limit", paramLabel = "N", defaultValue = "1024", description = "Most processes per task container (default: ${DEFAULT-VALUE}).")
    long pidsLimit;

    @Option(names = "--nofile", paramLabel = "N", defaultValue = "4096", description = "Open-files ulimit of task containers (default: ${DEFAULT-VALUE}).")
    int nofile;

    @Option(names = "--docker-data-size", paramLabel = "QTY", defaultValue = "50Gi", description = "Size limit of the sidecar's Docker data emptyDir (default: ${DEFAULT-VALUE}).")
    String dockerDataSize;

    @Option(names = "--sidecar-cpu", paramLabel = "QTY", defaultValue = "4", description = "CPU limit of the Docker sidecar (default: ${DEFAULT-VALUE}).")
    String sidecarCpu;

    @Option(names = "--sidecar-storage-request", paramLabel = "QTY", defaultValue = "20Gi", description = "Ephemeral-storage request of the sidecar (default: ${DEFAULT-VALUE}).")
    String sidecarStorageRequest;

    @Option(names = "--sidecar-storage-limit", paramLabel = "QTY", defaultValue = "60Gi", description = "Ephemeral-storage limit of the sidecar (default: ${DEFAULT-VALUE}).")
    String sidecarStorageLimit;

    @Option(names = "--model-base-url", paramLabel = "URL", description = "A model base URL runs may use (--model-base-url of"
            + " `arena run`), repeatable; the pods refuse any other. The providers' own URLs are always allowed.")
    List<String> modelBaseUrls = new java.util.ArrayList<>();

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = Settings.load();
        if (image == null) {
            String repo = settings.get(Settings.Key.REGISTRY, registry);
            if (repo == null) {
                throw new ArenaException(ExitCode.USAGE, "pass --registry REGION-docker.pkg.dev/PROJECT/REPO (or set "
                        + REGISTRY_ENV + ", or run `arena setup`) to build and push the evaluator image, or --image REF to use an existing one");
            }
            image = EvaluatorImage.publish(repo, BuildArgs.resolve(null, imageBuildArgs), RegistryCredentials::forRepository,
                    System.err::println).reference();
            System.out.println("pushed " + image);
        }
        // the pod's limits go through the same checks as when a run reads them back
        ClusterConfig.PodLimits limits = ClusterConfig.PodLimits.fromData(java.util.Map.of("dind-image", dindImage,
                "pids-limit", Long.toString(pidsLimit), "nofile", Integer.toString(nofile), "docker-data-size", dockerDataSize,
                "sidecar-cpu", sidecarCpu, "sidecar-storage-request", sidecarStorageRequest, "sidecar-storage-limit", sidecarStorageLimit));
        if (!limits.dindPinned()) {
            System.err.println("warning: --dind-image " + dindImage + " is not pinned by digest; pass REPO:TAG@sha256:... (see k8s-templates/README.md)");
        }
        String b = settings.get(Settings.Key.BUCKET, bucket);
        ClusterConfig config = new ClusterConfig(image, b, maxParallel, maxIterations, defaultAgent, Durations.parse(taskTimeout),
                cpu, memory, Durations.parse(jobTtl), limits, allowedModelBaseUrls(modelBaseUrls));
        Map<String, String> keys = ApiKeys.fromEnvironment(System::getenv);
        List<Deployer.Step> steps = new Deployer(cluster.connect(), new Manifests(Templates.standard()))
                .deploy(config, settings.get(Settings.Key.SERVICE_ACCOUNT, googleServiceAccount), keys);
        steps.forEach(s -> System.out.println(s.change().name().toLowerCase() + " " + s.object()));
        System.err.println("API keys in the secret from this environment: " + (keys.isEmpty() ? "none" : String.join(", ", keys.keySet())));
        return ExitCode.OK.code();
    }

    /** http(s) URLs without commas (the ConfigMap keeps them comma-separated), trailing slashes dropped. */
    static List<String> allowedModelBaseUrls(List<String> urls) {
        for (String url : urls) {
            String scheme;
            try {
                scheme = java.net.URI.create(url.strip()).getScheme();
            } catch (IllegalArgumentException e) {
                scheme = null;
            }
            if (url.contains(",") || scheme == null || !scheme.equals("https") && !scheme.equals("http")) {
                throw ArenaException.usage("--model-base-url must be an http or https URL, not '" + url + "'");
            }
        }
        return List.copyOf(dev.arena.run.PlanValidator.parseAllowed(String.join(",", urls)));
    }
}
