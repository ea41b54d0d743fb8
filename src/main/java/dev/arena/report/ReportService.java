package dev.arena.report;

import dev.arena.ArenaException;
import dev.arena.Json;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code arena report}: reads runs only through the {@link RunRepository} (so the same code
 * serves a local folder and a bucket), computes the {@link Report}, and writes the files asked for.
 */
public final class ReportService {
    private final RunRepository runs;

    public ReportService(RunRepository runs) {
        this.runs = runs;
    }

    public List<RunData> load(List<String> runIds) {
        if (new LinkedHashSet<>(runIds).size() != runIds.size()) {
            throw ArenaException.usage("a run is named twice: " + String.join(" ", runIds));
        }
        List<RunData> loaded = new ArrayList<>();
        for (String runId : runIds) {
            RunPlan plan = runs.loadPlan(runId);
            loaded.add(new RunData(plan, runs.results(plan)));
        }
        return loaded;
    }

    public Report build(List<RunData> data) {
        return Report.of(data, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** Writes the outputs asked for and returns where each went, for the message to the user. */
    public List<String> write(Report report, List<RunData> data, ReportOutputs outputs) {
        List<String> written = new ArrayList<>();
        if (outputs.json() != null) {
            written.add(file(outputs.json(), json(report)));
        }
        if (outputs.csv() != null) {
            written.add(file(outputs.csv(), CsvReport.render(data).getBytes(StandardCharsets.UTF_8)));
        }
        if (outputs.wantsPage()) {
            byte[] page = HtmlReport.render(report, data, runs.store());
            if (outputs.html() != null) {
                written.add(file(outputs.html(), page));
            }
            if (outputs.upload()) {
                for (RunData run : data) {
                    String key = run.plan().layout().reportKey();
                    runs.store().put(key, page);
                    written.add(runs.store().locate(key));
                }
            }
        }
        return written;
    }

    private static byte[] json(Report report) {
        try {
            return Json.mapper().writeValueAsBytes(report);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    /** A file the user named (not part of a run, so not in the store). */
    private static String file(Path path, byte[] content) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(path, content);
            return path.toString();
        } catch (IOException e) {
            throw ArenaException.usage("cannot write " + path + ": " + e.getMessage());
        }
    }
}
