package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.Json;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;
import dev.arena.run.RunStatus;
import dev.arena.store.LocalStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a run's progress: verdict counts, pass rate per dataset, tokens and cost, missing tasks.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_ID", description = "The run to show.")
    String runId;

    @Option(names = "--local", description = "Read the run from the local runs folder.")
    boolean local;

    @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "runs", description = "Folder of runs (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Option(names = "--json", description = "Print the status as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!local) {
            throw ArenaException.usage("reading runs from the bucket is not available yet; pass --local");
        }
        RunRepository runs = new RunRepository(new LocalStore(runsDir));
        RunPlan plan = runs.loadPlan(runId);
        RunStatus status = runs.status(plan);
        if (json) {
            System.out.println(Json.mapper().writeValueAsString(status));
        } else {
            new StatusPrinter(System.out).print(status, runsDir.resolve(runId));
        }
        return 0;
    }
}
