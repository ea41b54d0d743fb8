package dev.arena.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.eval.EvalSettings;
import dev.arena.result.ModelSettings;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.store.LocalStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model settings in run.json and result.json: written whole, read back equal, and read strictly as a stranger may have written them. */
class ModelSettingsStorageTest {
    private static final String PROMPT = "You are terse.\n";
    /** sha256sum of PROMPT, computed outside Java. */
    private static final String PROMPT_SHA = "eddbf202b315c4e32fefe4108bb94fe0c30f09edf75647a971c40df5cf871b4b";
    private static final ModelSettings SET = new ModelSettings(0.2, 3000, "high", PROMPT_SHA);
    private static final WorkItem ITEM = new WorkItem("ds", "task-1", 1);

    @TempDir
    Path tmp;

    private LocalStore store;
    private RunRepository repo;

    @BeforeEach
    void setUp() {
        store = new LocalStore(tmp.resolve("runs"));
        repo = new RunRepository(store);
    }

    private static EvalSettings settings(ModelSettings model, String prompt) {
        return EvalSettings.builder().agent("gladiator").model("openai/gpt-5").pidsLimit(256).nofile(512)
                .modelSettings(model).systemPrompt(prompt).build();
    }

    private static RunPlan plan(EvalSettings settings) {
        return new RunPlan(RunPlan.SCHEMA, "run-1", Instant.parse("2026-01-01T00:00:00Z"), "test", 1, settings,
                List.of(new RunPlan.DatasetRef("ds", "/d/ds", "ab".repeat(32), 1)), List.of(ITEM));
    }

    private static TaskResult result(ModelSettings model) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        return new TaskResult(TaskResult.SCHEMA, "run-1", "ds", "task-1", 1, "gladiator", "openai/gpt-5", Verdict.PASSED, null, null,
                null, true, 0, 1, 0, 0, 1, "pytest", List.of(), List.of(), false, start, start.plusSeconds(5), 5.0, Map.of(), 35, 1,
                3, 100, 10, 0.01, "img", "test", model);
    }

    /** run.json as saved, changed by {@code edit}, stored again. */
    private void editPlan(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode json = (ObjectNode) Json.mapper().readTree(store.get("run-1/run.json").orElseThrow());
        edit.accept(json);
        store.put("run-1/run.json", Json.mapper().writeValueAsBytes(json));
    }

    private static ObjectNode modelSettingsOf(ObjectNode plan) {
        return (ObjectNode) plan.path("settings").path("model_settings");
    }

    @Test
    void thePlanCarriesTheSettingsAndThePromptAndLoadsEqual() throws Exception {
        RunPlan plan = plan(settings(SET, PROMPT));
        repo.savePlan(plan);
        JsonNode settings = Json.mapper().readTree(store.get("run-1/run.json").orElseThrow()).path("settings");
        assertEquals(0.2, settings.path("model_settings").path("temperature").doubleValue());
        assertEquals(3000, settings.path("model_settings").path("max_output_tokens").intValue());
        assertEquals("high", settings.path("model_settings").path("reasoning_effort").textValue());
        assertEquals(PROMPT_SHA, settings.path("model_settings").path("system_prompt_sha256").textValue());
        assertEquals(PROMPT, settings.path("system_prompt").textValue(), "the text travels with the plan, for the pods");
        assertEquals(plan, repo.loadPlan("run-1"));
        assertDoesNotThrow(() -> PlanValidator.validate(repo.loadPlan("run-1"), null));
    }

    @Test
    void theResultRecordsTheSettingsWithThePromptOnlyAsItsHash() throws Exception {
        RunPlan plan = plan(settings(SET, PROMPT));
        repo.savePlan(plan);
        TaskResult result = result(SET);
        store.put(plan.resultKey(ITEM), Json.mapper().writeValueAsBytes(result));
        String json = new String(store.get(plan.resultKey(ITEM)).orElseThrow());
        assertTrue(json.contains("\"system_prompt_sha256\" : \"" + PROMPT_SHA + "\""), json);
        assertFalse(json.contains("terse"), "no prompt text in result.json");
        assertEquals(Map.of(ITEM, result), repo.results(plan));
    }

    @Test
    void filesWrittenBeforeTheSettingsExistedStillLoad() throws Exception {
        repo.savePlan(plan(settings(ModelSettings.NONE, null)));
        editPlan(p -> {
            ((ObjectNode) p.path("settings")).remove("model_settings");
            ((ObjectNode) p.path("settings")).remove("system_prompt");
        });
        assertEquals(ModelSettings.NONE, repo.loadPlan("run-1").settings().modelSettings());
        ObjectNode old = (ObjectNode) Json.mapper().valueToTree(result(null));
        old.remove("model_settings");
        TaskResult read = TaskResult.parse(Json.mapper().writeValueAsBytes(old)).orElseThrow();
        assertNull(read.modelSettings());
    }

    @Test
    void aPlanWithModelSettingsOfTheWrongTypeOrRangeIsRefusedInOneLine() throws Exception {
        List<Consumer<ObjectNode>> bad = List.of(
                m -> m.put("temperature", "0.2"),
                m -> m.put("temperature", true),
                m -> m.put("temperature", 7),
                m -> m.put("temperature", -0.1),
                m -> m.put("max_output_tokens", 1.5),
                m -> m.put("max_output_tokens", "3000"),
                m -> m.put("max_output_tokens", 0),
                m -> m.put("max_output_tokens", 1L << 40),
                m -> m.put("reasoning_effort", 3),
                m -> m.put("reasoning_effort", "extreme"),
                m -> m.put("system_prompt_sha256", "abc"),
                m -> m.put("seed", 4));
        for (Consumer<ObjectNode> change : bad) {
            repo.savePlan(plan(settings(SET, PROMPT)));
            editPlan(p -> change.accept(modelSettingsOf(p)));
            ArenaException e = assertThrows(ArenaException.class, () -> repo.loadPlan("run-1"),
                    () -> new String(store.get("run-1/run.json").orElseThrow()));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().startsWith("cannot read the plan of run run-1: model_settings"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
        repo.savePlan(plan(settings(SET, PROMPT)));
        editPlan(p -> ((ObjectNode) p.path("settings")).put("model_settings", "high"));
        assertThrows(ArenaException.class, () -> repo.loadPlan("run-1"));
    }

    @Test
    void aPromptThatDoesNotMatchItsRecordedHashIsRefused() {
        String expected = "invalid run plan: the system prompt does not match model_settings.system_prompt_sha256";
        for (EvalSettings s : List.of(settings(SET, "You are verbose.\n"), settings(SET, null),
                settings(new ModelSettings(0.2, null, null, null), PROMPT))) {
            ArenaException e = assertThrows(ArenaException.class, () -> PlanValidator.validate(plan(s), null));
            assertEquals(expected, e.getMessage());
            assertEquals(ExitCode.USAGE, e.exitCode());
        }
        ArenaException big = assertThrows(ArenaException.class, () -> PlanValidator.validate(
                plan(settings(ModelSettings.NONE, "x".repeat(EvalSettings.MAX_SYSTEM_PROMPT_BYTES + 1))), null));
        assertEquals("invalid run plan: the system prompt is larger than 256 KiB", big.getMessage());
    }

    @Test
    void aResultWithModelSettingsOfTheWrongTypeCountsAsMissing() throws Exception {
        RunPlan plan = plan(settings(SET, PROMPT));
        repo.savePlan(plan);
        for (Consumer<ObjectNode> change : List.<Consumer<ObjectNode>>of(m -> m.put("temperature", "hot"),
                m -> m.put("max_output_tokens", 2.5), m -> m.put("reasoning_effort", "max"), m -> m.putArray("system_prompt_sha256"))) {
            ObjectNode json = (ObjectNode) Json.mapper().valueToTree(result(SET));
            change.accept((ObjectNode) json.path("model_settings"));
            store.put(plan.resultKey(ITEM), Json.mapper().writeValueAsBytes(json));
            assertEquals(Map.of(), repo.results(plan), json.path("model_settings").toString());
        }
    }
}
