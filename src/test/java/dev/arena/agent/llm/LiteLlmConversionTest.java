package dev.arena.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiteLlmConversionTest {
    private static JsonNode sample() throws Exception {
        try (InputStream in = LiteLlmConversionTest.class.getResourceAsStream("litellm-sample.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void keepsChatModelsOfKnownProvidersWithPricesPerMillionTiersLimitsAndRetirements() throws Exception {
        JsonNode models = LiteLlmConversion.convert(sample(), Map.of("claude-sonnet-4-5", "2026-11-30", "claude-3-7-sonnet", "2030-01-01"), "test")
                .path("models");
        assertEquals(List.of("claude-3-7-sonnet-20250219", "claude-sonnet-4-5-20250929", "gemini-2.5-pro", "xai/grok-code"),
                iterable(models), "no sample_spec, embedding or bedrock entry");

        JsonNode pro = models.path("gemini-2.5-pro");
        assertEquals("vertex_ai-language-models", pro.path("provider").asText());
        assertEquals(1.25, pro.path("input").asDouble());
        assertEquals(0.125, pro.path("cache_read").asDouble(), "decimal, not 0.12499999999999999");
        assertEquals(0.0, pro.path("cache_write").asDouble());
        assertEquals(200_000, pro.path("tier").path("above_tokens").asLong());
        assertEquals(2.5, pro.path("tier").path("input").asDouble());
        assertEquals(15.0, pro.path("tier").path("output").asDouble());
        assertEquals(0.25, pro.path("tier").path("cache_read").asDouble());
        assertEquals(0.0, pro.path("tier").path("cache_write").asDouble(), "a tier price LiteLLM lacks is the base price");
        assertEquals(1_048_576, pro.path("context_window").asLong());
        assertEquals(65_535, pro.path("max_output").asLong());

        JsonNode sonnet = models.path("claude-sonnet-4-5-20250929");
        assertEquals(3.75, sonnet.path("cache_write").asDouble());
        assertEquals("2026-11-30", sonnet.path("retired").asText(), "the override matches the dated name by its key");
        assertFalse(sonnet.has("tier"));
        assertEquals("2026-02-19", models.path("claude-3-7-sonnet-20250219").path("retired").asText(), "LiteLLM's own date wins");
        assertEquals(64_000, models.path("claude-3-7-sonnet-20250219").path("context_window").asLong(), "max_tokens when no max_input_tokens");
        assertFalse(models.path("xai/grok-code").has("retired"));
    }

    @Test
    void somethingElseThanLiteLlmsFileIsRefused() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThrows(IllegalArgumentException.class, () -> LiteLlmConversion.convert(json.readTree("[1, 2]"), Map.of(), "t"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LiteLlmConversion.convert(json.readTree("{\"a\": {\"mode\": \"embedding\"}}"), Map.of(), "t"));
        assertTrue(e.getMessage().contains("no chat model"), e.getMessage());
    }

    @Test
    void theBundledCatalogIsTheConversionOfThePinnedLiteLlmCopy() throws Exception {
        JsonNode pinned = new ObjectMapper().readTree(Path.of("data", "litellm", "model_prices_and_context_window.json").toFile());
        JsonNode generated = new ObjectMapper().readTree(LiteLlmConversion.write(
                LiteLlmConversion.convert(pinned, LiteLlmConversion.bundledRetirements(), "x"))).path("models");
        JsonNode bundled;
        try (InputStream in = ModelCatalog.class.getResourceAsStream(ModelCatalog.FILE_NAME)) {
            bundled = new ObjectMapper().readTree(in).path("models");
        }
        assertTrue(generated.equals(bundled), "run scripts/generate_model_catalog.py after changing data/litellm or retirements.json");
        assertEquals(0.125, bundled.path("gemini-2.5-pro").path("cache_read").asDouble(), "was 0.31 in the hand-typed catalog");
        assertEquals(0.25, bundled.path("gemini-2.5-pro").path("tier").path("cache_read").asDouble());
        assertEquals(0.03, bundled.path("gemini-2.5-flash").path("cache_read").asDouble(), "was 0.075");
        for (String current : new String[] {"gpt-5.1", "gpt-5.2", "claude-opus-4-7"}) {
            assertTrue(bundled.has(current), current);
        }
        assertEquals("2026-11-30", bundled.path("claude-sonnet-4-5").path("retired").asText());
    }

    private static List<String> iterable(JsonNode models) {
        List<String> names = new java.util.ArrayList<>();
        models.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
