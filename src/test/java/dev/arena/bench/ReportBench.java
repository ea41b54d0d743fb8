package dev.arena.bench;

import dev.arena.Json;
import dev.arena.report.Report;
import dev.arena.report.ReportOutputs;
import dev.arena.report.ReportService;
import dev.arena.report.RunData;
import dev.arena.report.TextReport;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;
import dev.arena.store.LocalStore;
import dev.arena.testing.Browser;
import dev.arena.testing.SyntheticRuns;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code arena report} over one generated run of many tasks (default 10,000, each with a patch,
 * a test log and a trajectory): the HTML page's size, the time to compute and write everything,
 * and the time until the page is interactive in headless chromium. The obvious alternative,
 * {@code arena status --json} over the same run (which reads every result file too), is timed
 * in the same rounds, alternating, so the ratio is fair on a noisy machine. In-process: JVM
 * start-up is not counted on either side. Run with bench/run-report.sh.
 */
public final class ReportBench {
    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("arena-report-bench-");
        LocalStore store = new LocalStore(dir.resolve("runs"));
        long t0 = System.nanoTime();
        SyntheticRuns.write(store, "bench", "vendor/model-a", 5, tasks / 5, 1, 0.7, 3.0, 42);
        System.out.printf("generated %d tasks in %s in %.1f s%n", tasks, dir, (System.nanoTime() - t0) / 1e9);

        RunRepository repository = new RunRepository(store);
        ReportService service = new ReportService(repository);
        Path page = dir.resolve("report.html");
        ReportOutputs outputs = new ReportOutputs(dir.resolve("report.json"), dir.resolve("report.csv"), page, false);
        List<Double> status = new ArrayList<>();
        List<Double> report = new ArrayList<>();
        for (int i = 0; i <= rounds; i++) { // round 0 warms the JIT and the page cache and is not counted
            long s = System.nanoTime();
            RunPlan plan = repository.loadPlan("bench");
            byte[] json = Json.mapper().writeValueAsBytes(repository.status(plan));
            double statusMs = (System.nanoTime() - s) / 1e6;
            s = System.nanoTime();
            List<RunData> runs = service.load(List.of("bench"));
            Report r = service.build(runs);
            new TextReport(new PrintStream(OutputStream.nullOutputStream())).print(r);
            service.write(r, runs, outputs);
            double reportMs = (System.nanoTime() - s) / 1e6;
            if (i > 0) {
                status.add(statusMs);
                report.add(reportMs);
            }
            if (json.length == 0) {
                throw new IllegalStateException("empty status");
            }
        }
        double statusMedian = median(status);
        double reportMedian = median(report);
        System.out.printf("status --json (median of %d): %.0f ms%n", rounds, statusMedian);
        System.out.printf("report, terminal + json + csv + html (median of %d): %.0f ms, ratio report/status %.1f%n",
                rounds, reportMedian, reportMedian / statusMedian);
        System.out.printf("html: %.1f MB; json %.1f MB; csv %.1f MB%n", Files.size(page) / 1e6,
                Files.size(outputs.json()) / 1e6, Files.size(outputs.csv()) / 1e6);
        if (Browser.problem() == null) {
            browser(page, rounds);
        } else {
            System.out.println("browser timings skipped: " + Browser.problem());
        }
    }

    /** Time from navigation start until the page has drawn everything; then a filter and opening a task. */
    private static void browser(Path page, int rounds) {
        List<Double> ready = new ArrayList<>();
        List<Double> filter = new ArrayList<>();
        List<Double> open = new ArrayList<>();
        ChromeDriver browser = Browser.start();
        try {
            for (int i = 0; i <= rounds; i++) {
                Browser.openReport(browser, page.toUri() + "?round=" + i, Duration.ofMinutes(2));
                double readyMs = ((Number) browser.executeScript("return window.arenaReadyAt")).doubleValue();
                double filterMs = ((Number) browser.executeScript("""
                        const s = document.getElementById('filter-verdict'); s.value = 'failed';
                        const t = performance.now(); s.dispatchEvent(new Event('change')); return performance.now() - t;""")).doubleValue();
                double openMs = ((Number) browser.executeScript("""
                        const row = document.querySelector('#task-table tbody tr');
                        const t = performance.now(); row.click(); return performance.now() - t;""")).doubleValue();
                if (i > 0) {
                    ready.add(readyMs);
                    filter.add(filterMs);
                    open.add(openMs);
                }
            }
        } finally {
            browser.quit();
        }
        System.out.printf("chromium: interactive after %.0f ms (median of %d); filter %.0f ms; open a task %.0f ms%n",
                median(ready), rounds, median(filter), median(open));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
