package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.k8s.RunLogs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "logs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a task's log, or a run's events.",
            "",
            "With DATASET/TASK: while its pod runs, the pod's log through the Kubernetes",
            "API (--follow streams it until the pod ends); after, the stored",
            "logs/task.log (or, for a pod that died first, its last checkpoints).",
            "Without: the run's events (started, phase, verdict), picked from the logs",
            "of the run's pods and ordered by time; for a local run, or once no pod is",
            "left, rebuilt from the stored results (start and verdict of each finished",
            "task). Where the lines came from is said on stderr."})
final class LogsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run.")
    String runId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DATASET/TASK", description = "The task whose log to show.")
    String task;

    @Option(names = "--attempt", paramLabel = "N", defaultValue = "1", description = "Which attempt of the task, with pass@k > 1 (default: ${DEFAULT-VALUE}).")
    int attempt;

    @Option(names = {"-f", "--follow"}, description = "Stream the running pod's log until the pod ends (needs DATASET/TASK).")
    boolean follow;

    @Option(names = "--local", description = "Read the local runs folder even when a bucket is configured.")
    boolean local;

    @Mixin
    StoreOptions store;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        if (follow && task == null) {
            throw ArenaException.usage("--follow needs a task: arena logs " + runId + " DATASET/TASK --follow");
        }
        boolean clusterMode = !local && store.bucket(false) != null && cluster.configured();
        RunLogs logs = new RunLogs(clusterMode ? cluster.connect() : null, store.runs(local));
        if (task != null) {
            logs.task(runId, task, attempt, follow, System.out::println, System.err::println);
        } else {
            logs.events(runId, System.err::println).forEach(e -> System.out.println(e.describe()));
        }
        return 0;
    }
}
