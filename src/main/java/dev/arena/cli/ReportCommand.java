package dev.arena.cli;

import dev.arena.report.Report;
import dev.arena.report.ReportOutputs;
import dev.arena.report.ReportService;
import dev.arena.report.RunData;
import dev.arena.report.TextReport;
import dev.arena.run.RunRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Pass rates, pass@k, errors, cost and time of runs.",
                "Pass rates with 95%% Wilson intervals, pass@k, errors, cost and time of one or more runs;"
                + " with several runs, a task-by-run comparison and an exact McNemar test.",
                "Prints tables; --json, --csv and --html write files."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_ID", arity = "1..*", description = "The runs to report on, compared in this order.")
    List<String> runIds;

    @Option(names = "--local", description = "Read the local runs folder even when a bucket is configured.")
    boolean local;

    @Mixin
    StoreOptions store;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one row per attempt as CSV.")
    Path csv;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the report as one self-contained HTML page with charts.")
    Path html;

    @Option(names = "--upload", description = "Store the HTML page with each run as <run-id>/report.html (in the bucket when runs are there).")
    boolean upload;

    @Override
    public Integer call() {
        ReportService service = new ReportService(new RunRepository(store.runs(local)));
        List<RunData> runs = service.load(runIds);
        Report report = service.build(runs);
        new TextReport(System.out).print(report);
        for (String written : service.write(report, runs, new ReportOutputs(json, csv, html, upload))) {
            System.err.println("wrote " + written);
        }
        return 0;
    }
}
