package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.images.RegistryCredentials;
import dev.arena.run.Regrader;
import dev.arena.run.RunPlanner;
import dev.arena.sandbox.DockerSandboxProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "regrade", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Grade a run's stored patches again into a new run.",
            "Grades the stored patch.diff of every attempt of a run again, with today's tests and without the agent,"
                + " on this machine's Docker, into a new run that records which run it regraded."})
final class RegradeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_ID", description = "The run whose patches to grade again.")
    String sourceRunId;

    @Option(names = "--local", description = "Read and write the local runs folder even when a bucket is configured.")
    boolean local;

    @Mixin
    StoreOptions store;

    @Option(names = "--tasks", split = ",", paramLabel = "ID", description = "Only these task ids, comma-separated.")
    List<String> tasks = new ArrayList<>();

    @Option(names = "--run-id", paramLabel = "ID", description = "Name of the new run (default: UTC time, YYYYMMDD-HHMMSS).")
    String runId;

    @Option(names = "--parallel", paramLabel = "N", description = "Attempts at once (default: number of cores).")
    Integer parallel;

    @Override
    public Integer call() throws Exception {
        int workers = parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
        if (workers < 1) {
            throw ArenaException.usage("--parallel must be at least 1");
        }
        String id = runId != null ? runId : RunPlanner.newRunId();
        ProgressPrinter progress = new ProgressPrinter(System.err);
        Regrader regrader = new Regrader(DockerSandboxProvider::connect, store.runs(local), workers, progress,
                RegistryCredentials::forRepository);
        return new RunFollower(System.err, System.out).follow(regrader::cancel, () -> regrader.regrade(sourceRunId, id, tasks),
                () -> progress.interrupted(id, "./arena.sh regrade " + sourceRunId + " --run-id " + id + store.flags(local)),
                progress::finished);
    }
}
