package dev.arena.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.result.ModelSettings;
import dev.arena.run.RunRepository;
import dev.arena.store.LocalStore;
import dev.arena.testing.SyntheticRuns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report shows each run's model settings and says when the runs it compares were made with different ones. */
class ModelSettingsReportTest {
    private static final String PROMPT = "You are terse.\n";
    private static final ModelSettings TUNED = new ModelSettings(0.0, 8000, "high", ModelSettings.sha256(PROMPT));

    @TempDir
    Path runsDir;
    private LocalStore store;
    private ReportService service;

    @BeforeEach
    void threeRunsOfOneModel() {
        store = new LocalStore(runsDir);
        service = new ReportService(new RunRepository(store));
        SyntheticRuns.write(store, "plain-1", "vendor/model-a", 2, 6, 1, 0.6, 3.0, 1);
        SyntheticRuns.write(store, "plain-2", "vendor/model-a", 2, 6, 1, 0.6, 3.0, 2);
        SyntheticRuns.write(store, "tuned", "vendor/model-a", 2, 6, 1, 0.6, 3.0, 3, TUNED, PROMPT);
    }

    private List<RunData> load(String... runs) {
        return service.load(List.of(runs));
    }

    private static String text(Report report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new TextReport(new PrintStream(bytes, true, StandardCharsets.UTF_8)).print(report);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aComparisonOfRunsWithDifferentSettingsSaysWhereTheyDiffer() {
        Report report = service.build(load("plain-1", "tuned"));
        Comparison c = report.comparisons().get(0);
        assertEquals(List.of("temperature default vs 0.0", "max output tokens default vs 8000", "reasoning effort default vs high",
                "system prompt default vs sha256 " + TUNED.systemPromptSha256().substring(0, 12)), c.settingsDiffer());
        String text = text(report);
        assertTrue(text.contains("  the runs used different model settings (temperature default vs 0.0, max output tokens default vs 8000,"
                + " reasoning effort default vs high, system prompt default vs sha256 " + TUNED.systemPromptSha256().substring(0, 12)
                + "): the difference is not the agent's alone"), text);
        assertTrue(text.contains("model settings: temperature 0.0, max output tokens 8000, reasoning effort high, system prompt sha256 "
                + TUNED.systemPromptSha256().substring(0, 12)), text);
    }

    @Test
    void runsWithTheSameSettingsAreComparedWithoutANote() {
        Report report = service.build(load("plain-1", "plain-2"));
        assertEquals(List.of(), report.comparisons().get(0).settingsDiffer());
        String text = text(report);
        assertFalse(text.contains("different model settings"), text);
        assertFalse(text.contains("model settings:"), "nothing set, nothing shown: " + text);
    }

    @Test
    void theJsonHtmlAndCsvCarryTheSettings() throws Exception {
        List<RunData> runs = load("plain-1", "tuned");
        Report report = service.build(runs);
        JsonNode json = Json.mapper().valueToTree(report);
        assertEquals("high", json.path("runs").get(1).path("model_settings").path("reasoning_effort").textValue());
        assertEquals(4, json.path("comparisons").get(0).path("settings_differ").size());

        String page = new String(HtmlReport.render(report, runs, store), StandardCharsets.UTF_8);
        assertTrue(page.contains("\"settings_differ\":[\"temperature default vs 0.0\""), "the page's data holds the differences");
        assertTrue(page.contains("'model settings'") && page.contains("settingsText(run.model_settings)"), "and its script shows them");

        List<String> csv = CsvReport.render(runs).lines().toList();
        assertTrue(csv.get(0).endsWith(",error,temperature,max_output_tokens,reasoning_effort,system_prompt_sha256"), csv.get(0));
        String tunedRow = csv.stream().filter(l -> l.startsWith("tuned,")).findFirst().orElseThrow();
        assertTrue(tunedRow.endsWith(",0.0,8000,high," + TUNED.systemPromptSha256()), tunedRow);
        String plainRow = csv.stream().filter(l -> l.startsWith("plain-1,")).findFirst().orElseThrow();
        assertTrue(plainRow.endsWith(",,,,"), plainRow);
    }
}
