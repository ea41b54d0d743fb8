package dev.arena.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arena.Json;
import dev.arena.Version;
import dev.arena.store.ArtifactStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report as one self-contained HTML page: the template, style and script are resources of
 * this package inlined into the page, the data sits in JSON blocks the script reads. Each task's
 * heavy content (patch, test output, trajectory) has its own block, parsed only when opened.
 */
public final class HtmlReport {
    private static final ObjectWriter COMPACT = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

    private HtmlReport() {
    }

    public static byte[] render(Report report, List<RunData> runs, ArtifactStore store) {
        return render(report, runs, store, AttemptDetails.PAGE_BUDGET);
    }

    static byte[] render(Report report, List<RunData> runs, ArtifactStore store, long detailBudget) {
        String title = "arena report: " + report.runs().stream().map(RunReport::runId).collect(Collectors.joining(", "));
        Map<String, String> slots = Map.of(
                "title", escapeHtml(title),
                "generated", escapeHtml(report.generatedAt().toString()),
                "version", escapeHtml(Version.get()),
                "style", resource("report.css"),
                "script", resource("report.js"),
                "data", scriptJson(report),
                "details", details(report, runs, new AttemptDetails(store, detailBudget, attempts(runs))));
        return fill(resource("report.html"), slots).getBytes(StandardCharsets.UTF_8);
    }

    private static int attempts(List<RunData> runs) {
        return runs.stream().mapToInt(r -> r.results().size()).sum();
    }

    private static String details(Report report, List<RunData> runs, AttemptDetails details) {
        Map<TaskKey, List<TaskAttempts>> byRun = new HashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (TaskAttempts task : runs.get(i).tasks()) {
                byRun.computeIfAbsent(task.key(), k -> new ArrayList<>(Collections.nCopies(runs.size(), null)))
                        .set(i, task);
            }
        }
        StringBuilder blocks = new StringBuilder();
        for (int row = 0; row < report.tasks().size(); row++) {
            TaskRow task = report.tasks().get(row);
            List<TaskAttempts> attempts = byRun.get(new TaskKey(task.dataset(), task.task()));
            ArrayNode perRun = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < runs.size(); i++) {
                TaskAttempts t = attempts.get(i);
                perRun.add(t == null ? JsonNodeFactory.instance.nullNode() : details.of(runs.get(i), t));
            }
            blocks.append("<script type=\"application/json\" id=\"details-").append(row).append("\">")
                    .append(scriptJson(perRun)).append("</script>\n");
        }
        return blocks.toString();
    }

    /**
     * JSON safe inside a script element: every '<' becomes its JSON escape, so neither
     * "&lt;/script>" nor "&lt;!--" in a patch can end or confuse the block.
     */
    static String scriptJson(Object value) {
        try {
            String json = value instanceof JsonNode node ? COMPACT.writeValueAsString(node) : COMPACT.writeValueAsString(value);
            return json.replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report data as JSON", e);
        }
    }

    static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Replaces {{name}} slots in one pass, so slot-like text inside the inserted data stays as it is. */
    private static String fill(String template, Map<String, String> slots) {
        StringBuilder page = new StringBuilder(template.length() + slots.values().stream().mapToInt(String::length).sum());
        int at = 0;
        for (int open = template.indexOf("{{"); open >= 0; open = template.indexOf("{{", at)) {
            int close = template.indexOf("}}", open);
            String value = slots.get(template.substring(open + 2, close));
            if (value == null) {
                throw new IllegalStateException("report template names an unknown slot at " + open);
            }
            page.append(template, at, open).append(value);
            at = close + 2;
        }
        return page.append(template, at, template.length()).toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
