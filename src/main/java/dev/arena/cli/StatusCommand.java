package dev.arena.cli;

import dev.arena.Json;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;
import dev.arena.run.RunStatus;
import dev.arena.store.ArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a run's progress: verdict counts, pass rate per dataset, tokens and cost, missing tasks.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_ID", description = "The run to show.")
    String runId;

    @Option(names = "--local", description = "Read the local runs folder even when a bucket is configured.")
    boolean local;

    @Mixin
    StoreOptions store;

    @Option(names = "--json", description = "Print the status as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ArtifactStore runs = store.runs(local);
        RunRepository repository = new RunRepository(runs);
        RunPlan plan = repository.loadPlan(runId);
        RunStatus status = repository.status(plan);
        if (json) {
            System.out.println(Json.mapper().writeValueAsString(status));
        } else {
            new StatusPrinter(System.out).print(status, runs.locate(runId + "/"));
        }
        return 0;
    }
}
