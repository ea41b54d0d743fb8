package dev.arena.cli;

import dev.arena.transfer.ResultsDownloader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "results", mixinStandardHelpOptions = true, description = "Work with a run's result files.",
        subcommands = ResultsCommand.Download.class)
final class ResultsCommand {
    @Command(name = "download", mixinStandardHelpOptions = true,
            description = {"Copy a run's folder from the bucket.",
                "Files already present with the same size and hash are skipped."})
    static final class Download implements Callable<Integer> {
        @Parameters(paramLabel = "RUN_ID", description = "The run to download.")
        String runId;

        @Option(names = "--to", paramLabel = "DIR", defaultValue = "runs", description = "Local runs folder to copy into (default: ${DEFAULT-VALUE}).")
        Path to;

        @Option(names = "--parallel", paramLabel = "N", defaultValue = "8", description = "Transfers at once (default: ${DEFAULT-VALUE}).")
        int parallel;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws Exception {
            store.requireBucket();
            ResultsDownloader.Outcome o = new ResultsDownloader(store.runs(false), Math.max(1, parallel)).download(runId, to);
            System.err.printf("%d file(s) downloaded (%s), %d already present; in %s%n", o.downloaded(),
                    TransferPrinter.human(o.bytes()), o.skipped(), o.where());
            System.out.println(o.where());
            return 0;
        }
    }
}
