package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.report.Report;
import dev.arena.report.ReportOutputs;
import dev.arena.report.ReportService;
import dev.arena.report.RunData;
import dev.arena.report.TextReport;
import dev.arena.run.RunRepository;
import dev.arena.store.LocalStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Pass rates with 95%% Wilson intervals, pass@k, errors, cost and time of one or more runs;"
                + " with several runs, a task-by-run comparison and an exact McNemar test.",
                "Prints tables; --json, --csv and --html write files."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_ID", arity = "1..*", description = "The runs to report on, compared in this order.")
    List<String> runIds;

    @Option(names = "--local", description = "Read the runs from the local runs folder.")
    boolean local;

    @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "runs", description = "Folder of runs (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one row per attempt as CSV.")
    Path csv;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the report as one self-contained HTML page with charts.")
    Path html;

    @Option(names = "--upload", description = "Store the HTML page with each run as <run-id>/report.html.")
    boolean upload;

    @Override
    public Integer call() {
        if (!local) {
            throw ArenaException.usage("reading runs from the bucket is not available yet; pass --local");
        }
        ReportService service = new ReportService(new RunRepository(new LocalStore(runsDir)));
        List<RunData> runs = service.load(runIds);
        Report report = service.build(runs);
        new TextReport(System.out).print(report);
        for (String written : service.write(report, runs, new ReportOutputs(json, csv, html, upload))) {
            System.err.println("wrote " + written);
        }
        return 0;
    }
}
