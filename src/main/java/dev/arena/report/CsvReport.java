package dev.arena.report;

import dev.arena.result.ModelSettings;
import dev.arena.result.Phase;
import dev.arena.result.TaskResult;
import dev.arena.run.WorkItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One CSV row per planned attempt of every run (with one attempt per task, one row per task and
 * run), for spreadsheets and pandas. An attempt without a result is a row with verdict "missing".
 * Quoting follows RFC 4180.
 */
public final class CsvReport {
    private static final List<String> HEADER = java.util.stream.Stream.of(
            java.util.stream.Stream.of("run_id", "agent", "model", "dataset", "task_id", "attempt",
                    "verdict", "error_kind", "failed_phase", "tests_passed", "tests_failed", "total_tests", "duration_seconds"),
            java.util.Arrays.stream(Phase.values()).map(p -> p.json() + "_seconds"),
            java.util.stream.Stream.of("input_tokens", "output_tokens", "cost_usd", "error",
                    "temperature", "max_output_tokens", "reasoning_effort", "system_prompt_sha256")).flatMap(s -> s).toList();

    private static final int SETTINGS_COLUMNS = 4;

    private CsvReport() {
    }

    public static String render(List<RunData> runs) {
        StringBuilder csv = new StringBuilder();
        line(csv, HEADER);
        for (RunData run : runs) {
            for (WorkItem item : run.plan().items()) {
                line(csv, row(run, item, run.results().get(item)));
            }
        }
        return csv.toString();
    }

    private static List<String> row(RunData run, WorkItem item, TaskResult r) {
        List<String> cells = new ArrayList<>(List.of(run.runId(), run.plan().settings().agent(),
                text(run.plan().settings().model()), item.dataset(), item.task(), String.valueOf(item.attempt())));
        if (r == null) {
            cells.add("missing");
            while (cells.size() < HEADER.size() - SETTINGS_COLUMNS) {
                cells.add("");
            }
            settings(cells, run.plan().settings().modelSettings());
            return cells;
        }
        cells.addAll(List.of(r.verdict().json(), r.errorKind() == null ? "" : r.errorKind().json(), text(r.failedPhase()),
                String.valueOf(r.testsPassed()), String.valueOf(r.testsFailed()), String.valueOf(r.totalTests()),
                number(r.durationSeconds())));
        for (Phase phase : Phase.values()) {
            Double seconds = r.phaseSeconds() == null ? null : r.phaseSeconds().get(phase.json());
            cells.add(seconds == null ? "" : number(seconds));
        }
        cells.addAll(List.of(String.valueOf(r.inputTokens()), String.valueOf(r.outputTokens()),
                r.costUsd() == null ? "" : java.math.BigDecimal.valueOf(r.costUsd()).toPlainString(), text(r.error())));
        // the result's own record; results written before it existed fall back to the plan's
        settings(cells, r.modelSettings() != null ? r.modelSettings() : run.plan().settings().modelSettings());
        return cells;
    }

    private static void settings(List<String> cells, ModelSettings s) {
        cells.addAll(List.of(s.temperature() == null ? "" : java.math.BigDecimal.valueOf(s.temperature()).toPlainString(),
                s.maxOutputTokens() == null ? "" : String.valueOf(s.maxOutputTokens()), text(s.reasoningEffort()),
                text(s.systemPromptSha256())));
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(quoted(cells.get(i)));
        }
        csv.append("\r\n");
    }

    static String quoted(String cell) {
        boolean needsQuotes = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                || cell.indexOf('\r') >= 0;
        return needsQuotes ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
