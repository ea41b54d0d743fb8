package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.config.KubeconfigPath;
import dev.arena.config.Settings;
import dev.arena.gcp.GcpClients;
import dev.arena.gcp.KubeconfigWriter;
import dev.arena.gcp.SetupConfig;
import dev.arena.gcp.SetupService;
import dev.arena.gcp.SetupStep;
import dev.arena.Sleeper;
import dev.arena.k8s.EvalPoolPlacement;
import dev.arena.k8s.Templates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "setup", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create what the cluster commands need in a Google Cloud project: the APIs, a bucket, a GKE cluster with"
                + " Workload Identity and an autoscaling eval node pool, an Artifact Registry repository, a service account with"
                + " access to both, a kubeconfig context and the settings file. Checks your permissions first; every step reads"
                + " first and skips what exists, so it is safe to run again. Existing resources that differ are reported, not changed.")
final class SetupCommand implements Callable<Integer> {
    @Mixin
    GcpOptions gcp;

    @Option(names = "--namespace", paramLabel = "NS", description = "Namespace of arena's objects, for Workload Identity (default: $ARENA_NAMESPACE, the settings file, then " + Settings.DEFAULT_NAMESPACE + ").")
    String namespace;

    @Option(names = "--repository", paramLabel = "NAME", defaultValue = SetupConfig.DEFAULT_REPOSITORY, description = "Artifact Registry Docker repository (default: ${DEFAULT-VALUE}).")
    String repository;

    @Option(names = "--service-account", paramLabel = "ID", defaultValue = SetupConfig.DEFAULT_SERVICE_ACCOUNT_ID, description = "Google service account of the evaluator pods (default: ${DEFAULT-VALUE}).")
    String serviceAccount;

    @Option(names = "--machine-type", paramLabel = "TYPE", defaultValue = SetupConfig.EvalPool.MACHINE_TYPE, description = "Machine type of the eval node pool (default: ${DEFAULT-VALUE}).")
    String machineType;

    @Option(names = "--min-nodes", paramLabel = "N", defaultValue = "" + SetupConfig.EvalPool.MIN_NODES, description = "Fewest eval nodes, across all zones (default: ${DEFAULT-VALUE}).")
    int minNodes;

    @Option(names = "--max-nodes", paramLabel = "N", defaultValue = "" + SetupConfig.EvalPool.MAX_NODES, description = "Most eval nodes, across all zones (default: ${DEFAULT-VALUE}).")
    int maxNodes;

    @Option(names = "--disk-size", paramLabel = "GB", defaultValue = "" + SetupConfig.EvalPool.DISK_SIZE_GB, description = "Boot disk of each eval node in GB; task images live there (default: ${DEFAULT-VALUE}).")
    int diskSize;

    @Option(names = "--spot", description = "Use Spot VMs for the eval pool: cheaper, may be preempted (the Job retries preempted pods).")
    boolean spot;

    @Option(names = "--vertex", description = "Let the evaluator pods call vertex_ai/ models without a key: enable the Vertex AI API,"
            + " grant their service account roles/aiplatform.user and record the location in the settings file.")
    boolean vertex;

    @Option(names = "--vertex-location", paramLabel = "LOCATION", description = "Vertex AI location with --vertex, e.g. us-east5 or global"
            + " (default: $" + Settings.VERTEX_LOCATION_ENV + ", the settings file, then the region).")
    String vertexLocation;

    @Option(names = "--dry-run", description = "Print the plan (exists / would create / differs) and change nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = Settings.load();
        SetupConfig config = gcp.config(settings, settings.get(Settings.Key.NAMESPACE, namespace), repository, serviceAccount,
                new SetupConfig.EvalPool(SetupConfig.EvalPool.NAME, machineType, minNodes, maxNodes, diskSize, spot));
        if (vertexLocation != null && !vertex) {
            throw ArenaException.usage("--vertex-location goes with --vertex");
        }
        if (vertex) {
            String location = settings.get(Settings.Key.VERTEX_LOCATION, vertexLocation);
            config = config.withVertex(location != null ? location : config.region());
        }
        EvalPoolPlacement placement = EvalPoolPlacement.from(Templates.standard());
        try (GcpClients clients = GcpClients.applicationDefault(config.project())) {
            SetupService setup = new SetupService(clients, placement, new KubeconfigWriter(KubeconfigPath.of(System.getenv())),
                    settings.file(), Sleeper.REAL, Clock.systemUTC(), System.err::println);
            List<SetupStep> steps = setup.run(config, dryRun, s -> System.out.println(s.line()));
            List<SetupStep> problems = SetupStep.problems(steps);
            if (!problems.isEmpty()) {
                System.err.println("arena: " + problems.size() + " of the steps above differ from what arena needs; it changes nothing"
                        + " it did not create: fix them, or run `arena teardown` and set up again");
                return ExitCode.PROBLEMS.code();
            }
            if (!dryRun) {
                System.err.println("ready; next: `arena deploy`, then `arena upload DATASETS_DIR`; `arena doctor` checks the whole chain");
            }
            return ExitCode.OK.code();
        }
    }
}
