package dev.arena.cli;

import dev.arena.Json;
import dev.arena.k8s.Jobs;
import dev.arena.run.Executor;
import dev.arena.run.RunListener;
import dev.arena.run.RunStatus;
import dev.arena.store.ArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show a run's progress and pass rates.",
            "Verdict counts, pass rate per dataset, tokens and cost, and the tasks still missing."})
final class StatusCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "RUN_ID", description = "The run to show; in cluster mode, without it: arena's Jobs.")
    String runId;

    @Option(names = "--local", description = "Read the local runs folder even when a bucket is configured.")
    boolean local;

    @Mixin
    StoreOptions store;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--json", description = "Print the status as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        boolean clusterMode = !local && store.bucket(false) != null && cluster.configured();
        if (runId == null) {
            if (!clusterMode) {
                throw dev.arena.ArenaException.usage("name the run: arena status RUN_ID (see `arena runs`)");
            }
            new ClusterStatusPrinter(System.out).jobs(new Jobs(cluster.connect()).list(null));
            return 0;
        }
        // results come from the store either way; in the cluster the Job adds what is running and what is stuck
        ArtifactStore runs = store.runs(local);
        Executor executor = clusterMode
                ? ExecutorWiring.cluster(cluster, store.bucket(false), null, false, new ClusterRunPrinter(System.err, cluster.kubectlFlags(), true))
                : ExecutorWiring.local(runs, 1, RunListener.NONE, null);
        RunStatus status = executor.status(runId);
        if (json) {
            System.out.println(Json.mapper().writeValueAsString(status));
        } else {
            new StatusPrinter(System.out).print(status, runs.locate(runId + "/"));
        }
        return 0;
    }
}
