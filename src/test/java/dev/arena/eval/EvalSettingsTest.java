package dev.arena.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.Json;
import dev.arena.result.ModelSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EvalSettingsTest {
    @Test
    void theModelSettingsAndPromptOfTheRunReachTheAgent() throws Exception {
        ModelSettings model = new ModelSettings(0.4, 1200, "medium", ModelSettings.sha256("be brief"));
        EvalSettings now = new EvalSettings("gladiator", "openai/gpt-5", 35, Duration.ofMinutes(30), 4L << 30, 2.0, "bridge",
                Map.of(), null, 256, 512, null, null, model, "be brief");
        // as a pod gets them: from run.json
        EvalSettings read = Json.mapper().treeToValue(Json.mapper().valueToTree(now), EvalSettings.class);
        assertEquals(model, read.agentSettings().modelSettings());
        assertEquals("be brief", read.agentSettings().systemPrompt());
    }

    @Test
    void settingsFromARunJsonWrittenBeforeModelBaseUrlExistedStillLoad() throws Exception {
        EvalSettings now = new EvalSettings("gladiator", "openai/gpt-4o", 35, Duration.ofMinutes(30), 4L << 30, 2.0, "bridge",
                Map.of("BASE_IMAGE", "x"), "http://127.0.0.1:8000/v1");
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
        EvalSettings now = new EvalSettings("oracle", null, 35, Duration.ofMinutes(30), 4L << 30, 2.0, "bridge", Map.of(), null, 256, 512);
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
        EvalSettings now = new EvalSettings("oracle", null, 35, Duration.ofMinutes(30), 4L << 30, 2.0, "bridge", Map.of(), null, 256, 512, null,
                Duration.ofSeconds(90), null, null);
        ObjectNode json = Json.mapper().valueToTree(now);
        assertEquals(now, Json.mapper().treeToValue(json, EvalSettings.class));
        assertEquals(Duration.ofSeconds(90), Json.mapper().treeToValue(json, EvalSettings.class).buildTimeout());

        json.remove("build_timeout");
        assertEquals(Duration.ofMinutes(30), Json.mapper().treeToValue(json, EvalSettings.class).buildTimeout());
    }

    @Test
    void theTaskBudgetTravelsInRunJsonToTheAgentAndAnOldRunJsonHasNone() throws Exception {
        EvalSettings now = new EvalSettings("codex", "openai/gpt-5", 35, Duration.ofMinutes(30), 4L << 30, 2.0, "internal", Map.of(), null,
                256, 512, null, null, null, null, new dev.arena.agent.llm.Budget(20000L, 0.5));
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
}
