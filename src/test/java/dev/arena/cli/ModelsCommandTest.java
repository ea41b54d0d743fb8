package dev.arena.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsCommandTest {
    @Test
    void listsMatchingModelsWithProviderContextPricesAndRetirement() {
        ArenaCli.Result r = ArenaCli.run("models", "claude-sonnet-4-5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.outLines().get(0).startsWith("MODEL"), r.out());
        String line = r.outLines().stream().filter(l -> l.startsWith("claude-sonnet-4-5 ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(line.matches("claude-sonnet-4-5 +anthropic +200000 +3 +15 +0\\.3 +3\\.75 +RETIRED 2026-11-30; above 200k: 6/22\\.5"), line);
        assertTrue(r.outLines().stream().skip(1).allMatch(l -> l.contains("claude-sonnet-4-5")), "only matching models: " + r.out());
    }

    @Test
    void jsonListsTheSameFieldsForScripts() throws Exception {
        ArenaCli.Result r = ArenaCli.run("models", "gpt-5.*", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode models = Json.mapper().readTree(r.out());
        assertTrue(models.isArray() && models.size() >= 4, r.out());
        JsonNode gpt52 = null;
        for (JsonNode m : models) {
            assertTrue(m.path("name").asText().startsWith("gpt-5."), m.toString());
            if (m.path("name").asText().equals("gpt-5.2")) {
                gpt52 = m;
            }
        }
        assertEquals("openai", gpt52.path("provider").asText());
        assertEquals(272_000, gpt52.path("context_window").asInt());
        assertEquals(1.75, gpt52.path("input").asDouble());
        assertEquals(14.0, gpt52.path("output").asDouble());
        assertEquals(0.175, gpt52.path("cache_read").asDouble());
        assertTrue(gpt52.path("retired").isNull());
        assertEquals(false, gpt52.path("is_retired").asBoolean());
    }

    @Test
    void badInputIsOneLineWithExitTwoAndAnUnreachableUrlExitsThree(@TempDir Path dir) throws Exception {
        ArenaCli.Result none = ArenaCli.run("models", "no-such-model-xyz");
        assertEquals(2, none.code());
        assertEquals(1, none.errLines().size(), none.err());

        Path broken = Files.writeString(dir.resolve("broken.json"), "not json");
        ArenaCli.Result malformed = ArenaCli.run("models", "update", "--from", broken.toString());
        assertEquals(2, malformed.code(), malformed.err());
        assertEquals(1, malformed.errLines().size(), malformed.err());
        assertTrue(malformed.err().contains(broken + " is not JSON"), malformed.err());

        ArenaCli.Result down = ArenaCli.run("models", "update", "--from", "http://127.0.0.1:1/model_prices_and_context_window.json");
        assertEquals(3, down.code(), down.err());
        assertEquals(1, down.errLines().size(), down.err());
        assertTrue(down.err().contains("cannot download http://127.0.0.1:1/"), down.err());
    }
}
