package dev.arena.cli;

import dev.arena.run.RunRepository;
import dev.arena.run.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "Work with the runs in the bucket or runs folder.",
        subcommands = RunsCommand.ListRuns.class)
final class RunsCommand {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List runs, newest first, with their headline figures.")
    static final class ListRuns implements Callable<Integer> {
        @Option(names = "--local", description = "List the local runs folder even when a bucket is configured.")
        boolean local;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Show at most N runs (default: ${DEFAULT-VALUE}).")
        int limit;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            RunRepository runs = new RunRepository(store.runs(local));
            String row = "%-24s %-10s %-28s %6s %6s %7s %7s %7s%n";
            System.out.printf(row, "run", "agent", "model", "items", "done", "passed", "failed", "errors");
            for (String id : runs.runIds().stream().filter(runs::exists).limit(limit).toList()) {
                RunStatus s = runs.savedSummary(id).orElseGet(() -> runs.status(runs.loadPlan(id)));
                System.out.printf(row, id, s.agent(), s.model() == null ? "-" : s.model(), s.items(), s.done(), s.passed(), s.failed(),
                        s.errors());
            }
            return 0;
        }
    }
}
