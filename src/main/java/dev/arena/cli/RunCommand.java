package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.config.Settings;
import dev.arena.images.PrebuiltLookup;
import dev.arena.run.Executor;
import dev.arena.run.RunPlanner;
import dev.arena.run.RunRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate an agent on datasets, here or in a cluster.",
            "With --local every task runs in this machine's Docker; without it the run is one Kubernetes Job."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--local", description = "Run on this machine's Docker engine; results go to the runs folder, or to the"
            + " bucket with --bucket. Without it the run is one Kubernetes Job (see `arena deploy`).")
    boolean local;

    @Option(names = "--wait", description = "Cluster mode: follow the run until it ends, print the summary and delete its Job.")
    boolean waitForRun;

    @Mixin
    ClusterOptions cluster;

    @ArgGroup(exclusive = true)
    Selection selection;

    static final class Selection {
        @Option(names = "--all-datasets", description = "Every dataset in the datasets folder.")
        boolean all;

        @Option(names = "--datasets", split = ",", paramLabel = "NAME", description = "Datasets to run, comma-separated.")
        List<String> names;

        @Option(names = "--resume", paramLabel = "RUN_ID", description = "Continue a run: evaluate only the items without a result (in the cluster: one more Job over them).")
        String resume;
    }

    @Mixin
    LocalRunOptions datasets;

    @Mixin
    StoreOptions store;

    @Option(names = "--tasks", split = ",", paramLabel = "ID", description = "Only these task ids, comma-separated.")
    List<String> tasks = new ArrayList<>();

    @Option(names = "--pass-at", paramLabel = "K", defaultValue = "1", description = "Attempts per task (default: ${DEFAULT-VALUE}).")
    int passAtK;

    @Option(names = "--parallel", paramLabel = "N", description = "Tasks at once (default: number of cores).")
    Integer parallel;

    @Option(names = "--run-id", paramLabel = "ID", description = "Name of the run (default: UTC time, YYYYMMDD-HHMMSS).")
    String runId;

    @Option(names = "--retry-errors", description = "With --resume: also evaluate again the items whose result is an error.")
    boolean retryErrors;

    @Option(names = "--max-cost", paramLabel = "USD",
            description = "Most USD the whole run may spend on model calls, priced from the model catalog (an unpriced model is"
                    + " refused): once spent, model calls are refused and no attempt starts; those are left for"
                    + " --resume RUN_ID --max-cost HIGHER. In the cluster each pod checks before it starts (see README for the"
                    + " overshoot). Default: no cap.")
    String maxCost;

    @Option(names = "--use-prebuilt", arity = "0..1", paramLabel = "REGISTRY", fallbackValue = "",
            description = "With --local: pull each dataset's prebuilt image (`arena images build --push`) from REGISTRY"
                    + " (default: $" + Settings.REGISTRY_ENV + ", then the settings file) instead of building it; datasets"
                    + " without one are built. Cluster runs always use the images `upload --build-images` recorded.")
    String usePrebuilt;

    @ArgGroup(exclusive = false, heading = "%nEvaluation options:%n")
    EvalOptions eval;

    @Override
    public Integer call() throws Exception {
        if (selection == null) {
            throw ArenaException.usage("choose what to run: --all-datasets, --datasets a,b or --resume RUN_ID");
        }
        if (parallel != null && parallel < 1) {
            throw ArenaException.usage("--parallel must be at least 1");
        }
        Double cap = EvalOptions.runCap(maxCost);
        String id = selection.resume != null ? selection.resume : runId != null ? runId : RunPlanner.newRunId();
        RunFollower follower = new RunFollower(System.err, System.out,
                "./arena.sh run" + (local ? " --local" : "") + " --resume " + id + store.flags(false));
        if (!local) {
            if (usePrebuilt != null) {
                throw ArenaException.usage("--use-prebuilt is for --local runs; cluster runs pull the images recorded by `arena upload --build-images`");
            }
            Executor executor = ExecutorWiring.cluster(cluster, store.bucket(false), parallel, waitForRun,
                    new ClusterRunPrinter(System.err, cluster.kubectlFlags(), waitForRun));
            return follower.follow(executor, () -> startOrResume(executor, id, cap),
                    () -> System.err.println("stopped following run " + id + "; it goes on in the cluster: ./arena.sh status " + id),
                    () -> { });
        }
        ProgressPrinter progress = new ProgressPrinter(System.err);
        Executor executor = ExecutorWiring.local(store.runs(false), parallel != null ? parallel : Runtime.getRuntime().availableProcessors(),
                progress, prebuiltLookup());
        return follower.follow(executor, () -> startOrResume(executor, id, cap),
                () -> progress.interrupted(id, "./arena.sh run --local --resume " + id + store.flags(false)), progress::finished);
    }

    private Executor.Outcome startOrResume(Executor executor, String id, Double cap) throws InterruptedException {
        if (selection.resume != null) {
            return executor.resume(id, retryErrors, cap);
        }
        EvalOptions options = eval != null ? eval : new EvalOptions();
        return executor.start(defaults -> new RunRequest(datasets.datasetsDir(), selection.all ? List.of() : selection.names,
                tasks, passAtK, id, options.toSettings(defaults), cap));
    }

    private PrebuiltLookup prebuiltLookup() {
        if (usePrebuilt == null) {
            return null;
        }
        if (selection.resume != null) {
            throw ArenaException.usage("--use-prebuilt applies when a run is planned; a resume uses the images its plan pinned");
        }
        String registry = Settings.load().get(Settings.Key.REGISTRY, usePrebuilt);
        if (registry == null) {
            throw ArenaException.usage("--use-prebuilt needs a registry: --use-prebuilt=HOST/PATH, " + Settings.REGISTRY_ENV
                    + " or `arena setup`");
        }
        return ExecutorWiring.prebuilt(registry);
    }
}
