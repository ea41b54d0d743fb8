package dev.arena.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.Json;
import dev.arena.result.ModelSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EvalSettingsTest {
    @Test
    void theModelSettingsAndPromptOfTheRunReachTheAgent() throws Exception {
        ModelSettings model = new ModelSettings(0.4, 1200, "medium", ModelSettings.sha256("be brief"));
        EvalSettings now = EvalSettings.builder().agent("gladiator").model("openai/gpt-5").pidsLimit(256).nofile(512)
                .modelSettings(model).systemPrompt("be brief").build();
        // as a pod gets them: from run.json
        EvalSettings read = Json.mapper().treeToValue(Json.mapper().valueToTree(now), EvalSettings.class);
        assertEquals(model, read.agentSettings().modelSettings());
        assertEquals("be brief", read.agentSettings().systemPrompt());
    }

    @Test
    void settingsFromARunJsonWrittenBeforeModelBaseUrlExistedStillLoad() throws Exception {
        EvalSettings now = EvalSettings.builder().agent("gladiator").model("openai/gpt-4o")
                .buildArgs(Map.of("BASE_IMAGE", "x")).modelBaseUrl("http://127.0.0.1:8000/v1").build();
        ObjectNode json = Json.mapper().valueToTree(now);
        assertEquals("http://127.0.0.1:8000/v1", json.get("model_base_url").asText());
        assertEquals(now, Json.mapper().treeToValue(json, EvalSettings.class));

        json.remove("model_base_url");
        EvalSettings old = Json.mapper().treeToValue(json, EvalSettings.class);
        assertNull(old.modelBaseUrl(), "the provider's usual address");
        assertEquals("openai/gpt-4o", old.model());
        assertEquals(Duration.ofMinutes(30), old.taskTimeout());
    }

    @Test
    void theTaskContainerLimitsTravelInRunJsonAndAnOldRunJsonGetsTheDefaults() throws Exception {
        EvalSettings now = EvalSettings.builder().agent("oracle").pidsLimit(256).nofile(512).build();
        ObjectNode json = Json.mapper().valueToTree(now);
        assertEquals(256, json.get("pids_limit").asInt());
        assertEquals(512, json.get("nofile").asInt());
        assertEquals(now, Json.mapper().treeToValue(json, EvalSettings.class));

        json.remove("pids_limit");
        json.remove("nofile");
        EvalSettings old = Json.mapper().treeToValue(json, EvalSettings.class);
        assertEquals(EvalSettings.DEFAULT_PIDS_LIMIT, old.pidsLimit());
        assertEquals(EvalSettings.DEFAULT_NOFILE, old.nofile());
        assertEquals(1024, old.pidsLimit());
        assertEquals(4096, old.nofile());
    }

    @Test
    void theBuildTimeoutTravelsInRunJsonAndAnOldRunJsonGetsThirtyMinutes() throws Exception {
        EvalSettings now = EvalSettings.builder().agent("oracle").pidsLimit(256).nofile(512)
                .buildTimeout(Duration.ofSeconds(90)).build();
        ObjectNode json = Json.mapper().valueToTree(now);
        assertEquals(now, Json.mapper().treeToValue(json, EvalSettings.class));
        assertEquals(Duration.ofSeconds(90), Json.mapper().treeToValue(json, EvalSettings.class).buildTimeout());

        json.remove("build_timeout");
        assertEquals(Duration.ofMinutes(30), Json.mapper().treeToValue(json, EvalSettings.class).buildTimeout());
    }

    @Test
    void theTaskBudgetTravelsInRunJsonToTheAgentAndAnOldRunJsonHasNone() throws Exception {
        EvalSettings now = EvalSettings.builder().agent("codex").model("openai/gpt-5").network("internal")
                .pidsLimit(256).nofile(512).taskBudget(new dev.arena.agent.llm.Budget(20000L, 0.5)).build();
        ObjectNode json = Json.mapper().valueToTree(now);
        assertEquals(20000, json.path("task_budget").path("max_tokens").asLong(), json.toString());
        EvalSettings read = Json.mapper().treeToValue(json, EvalSettings.class);
        assertEquals(now, read);
        assertEquals(new dev.arena.agent.llm.Budget(20000L, 0.5), read.agentSettings().budget(), "the pod's agent gets it");

        json.remove("task_budget");
        assertEquals(dev.arena.agent.llm.Budget.NONE, Json.mapper().treeToValue(json, EvalSettings.class).taskBudget());
        json.set("task_budget", Json.mapper().createObjectNode().put("max_tokens", -5));
        org.junit.jupiter.api.Assertions.assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> Json.mapper().treeToValue(json, EvalSettings.class), "a stranger's negative cap is refused");
    }

    @Test
    void theBuilderStartsFromTheDefaultsToBuilderKeepsEveryComponentAndRunJsonGetsNothingMore() {
        assertEquals(new EvalSettings("oracle", null, EvalSettings.DEFAULT_MAX_ITERATIONS, EvalSettings.DEFAULT_TASK_TIMEOUT,
                        EvalSettings.DEFAULT_MEMORY, EvalSettings.DEFAULT_CPUS, "bridge", null, null, 0, 0, null, null, null, null, null),
                EvalSettings.builder().agent("oracle").build());

        EvalSettings full = new EvalSettings("codex", "openai/gpt-5", 12, Duration.ofMinutes(7), 1L << 30, 1.5, "internal",
                Map.of("BASE_IMAGE", "x"), "http://127.0.0.1:8000/v1", 256, 512, "us-east5", Duration.ofSeconds(90),
                new ModelSettings(0.4, 1200, "medium", ModelSettings.sha256("p")), "p", new dev.arena.agent.llm.Budget(100L, 0.5));
        assertEquals(full, full.toBuilder().build());
        EvalSettings longer = full.toBuilder().taskTimeout(Duration.ofMinutes(9)).build();
        assertEquals(Duration.ofMinutes(9), longer.taskTimeout());
        assertEquals(Duration.ofSeconds(90), longer.buildTimeout(), "the other Duration stays");

        List<String> fields = new ArrayList<>();
        Json.mapper().valueToTree(full).fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("agent", "model", "max_iterations", "task_timeout", "memory_bytes", "cpus", "network", "build_args",
                "model_base_url", "pids_limit", "nofile", "vertex_location", "build_timeout", "model_settings", "system_prompt",
                "task_budget"), fields);
    }
}
