package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Sleeper;
import dev.arena.config.Settings;
import dev.arena.gcp.GcpClients;
import dev.arena.gcp.PoolScaler;
import dev.arena.gcp.SetupConfig;
import dev.arena.k8s.Cluster;
import dev.arena.k8s.ParallelismScaler;
import dev.arena.k8s.PoolNodes;
import dev.arena.k8s.ScaleChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "scale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Resize the eval node pool or change how many pods a run keeps busy.",
            "--min-nodes/--max-nodes set the pool's autoscaling range (totals across the region's zones), --nodes its size now;"
                + " --parallel sets the default of the next runs (the arena-config ConfigMap), with --run that of a running run's Job."
                + " Everything is checked before the first change; --dry-run prints each value before and after and changes nothing."})
final class ScaleCommand implements Callable<Integer> {
    @Option(names = "--min-nodes", paramLabel = "N", description = "Fewest eval nodes the autoscaler keeps, across all zones.")
    Integer minNodes;

    @Option(names = "--max-nodes", paramLabel = "N", description = "Most eval nodes the autoscaler makes, across all zones.")
    Integer maxNodes;

    @Option(names = "--nodes", paramLabel = "N", description = "Resize the eval pool to N nodes now (a multiple of its zones, within its range).")
    Integer nodes;

    @Option(names = "--parallel", paramLabel = "N", description = "Pods at once: of runs started without --parallel, or with --run of that run.")
    Integer parallel;

    @Option(names = "--run", paramLabel = "RUN_ID", description = "With --parallel: change this running run's Job instead of the default.")
    String runId;

    @Option(names = "--dry-run", description = "Print each value before and after, and change nothing.")
    boolean dryRun;

    @Mixin
    GcpOptions gcp;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws InterruptedException {
        PoolScaler.Target pool = new PoolScaler.Target(minNodes, maxNodes, nodes);
        if (runId != null && parallel == null) {
            throw ArenaException.usage("--run needs --parallel N: a run's parallelism is what scale changes");
        }
        if (!pool.any() && parallel == null) {
            throw ArenaException.usage("nothing to scale: pass --min-nodes, --max-nodes, --nodes or --parallel");
        }
        if (parallel != null) {
            ParallelismScaler.check(parallel);
        }
        Cluster kube = parallel != null || nodes != null ? cluster.connect() : null;
        SetupConfig config = pool.any() ? gcp.existing(Settings.load(), cluster.namespace()) : null;
        try (GcpClients clients = pool.any() ? GcpClients.applicationDefault(config.project()) : null) {
            PoolScaler pools = pool.any() ? new PoolScaler(clients, Sleeper.REAL, Clock.systemUTC(), System.err::println) : null;
            // a dry run first reads and checks everything, so bad input found late still changes nothing
            List<ScaleChange> plan = scale(pools, config, pool, kube, true);
            List<ScaleChange> done = dryRun ? plan : scale(pools, config, pool, kube, false);
            done.forEach(c -> System.out.println(c.line(dryRun)));
            return ExitCode.OK.code();
        }
    }

    private List<ScaleChange> scale(PoolScaler pools, SetupConfig config, PoolScaler.Target pool, Cluster kube, boolean dry)
            throws InterruptedException {
        List<ScaleChange> changes = new ArrayList<>();
        if (pool.any()) {
            changes.addAll(pools.scale(config, pool, () -> new PoolNodes(kube).count(config.evalPool().name()), dry));
        }
        if (parallel != null) {
            ParallelismScaler scaler = new ParallelismScaler(kube);
            changes.add(runId == null ? scaler.defaults(parallel, dry) : scaler.run(runId, parallel, dry));
        }
        return changes;
    }
}
