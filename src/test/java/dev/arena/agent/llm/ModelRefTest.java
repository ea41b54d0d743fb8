package dev.arena.agent.llm;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRefTest {
    @Test
    void providerPrefixesPickTheApiAndTheRestIsTheModelId() {
        assertEquals(new ModelRef("anthropic/claude-sonnet-4-5", Provider.ANTHROPIC, "claude-sonnet-4-5"), ModelRef.parse("anthropic/claude-sonnet-4-5"));
        assertEquals(new ModelRef("openai/gpt-4.1", Provider.OPENAI, "gpt-4.1"), ModelRef.parse("openai/gpt-4.1"));
        assertEquals(new ModelRef("openrouter/anthropic/claude-sonnet-4.5", Provider.OPENROUTER, "anthropic/claude-sonnet-4.5"),
                ModelRef.parse("openrouter/anthropic/claude-sonnet-4.5"));
        assertEquals(new ModelRef("gemini/gemini-2.5-pro", Provider.GEMINI, "gemini-2.5-pro"), ModelRef.parse("gemini/gemini-2.5-pro"));
        assertEquals(Provider.OPENAI, ModelRef.parse("OpenAI/my-local-model").provider());
    }

    @Test
    void bareNamesPickTheProviderByTheirPrefix() {
        assertEquals(Provider.ANTHROPIC, ModelRef.parse("claude-opus-4-1").provider());
        assertEquals(Provider.OPENAI, ModelRef.parse("gpt-4o").provider());
        assertEquals(Provider.OPENAI, ModelRef.parse("o1-mini").provider());
        assertEquals(Provider.OPENAI, ModelRef.parse("o3").provider());
        assertEquals(Provider.OPENAI, ModelRef.parse("o4-mini").provider());
        assertEquals("gpt-4o", ModelRef.parse("gpt-4o").id());
    }

    @Test
    void unknownOrMissingModelsAreUsageErrors() {
        assertUsage(() -> ModelRef.parse("llama-3-70b"), "cannot tell the provider of model 'llama-3-70b'");
        assertUsage(() -> ModelRef.parse("mistral/large"), "unknown model provider 'mistral'");
        assertUsage(() -> ModelRef.parse("openai/"), "names no model");
        assertUsage(() -> ModelRef.parse(null), "needs --model");
    }

    @Test
    void endpointsComeFromTheFlagThenTheEnvironmentThenTheDefault() {
        ModelRef claude = ModelRef.parse("anthropic/claude-sonnet-4-5");
        Map<String, String> env = Map.of("ANTHROPIC_API_KEY", "sk-ant", "ANTHROPIC_BASE_URL", "http://proxy:8080/");
        assertEquals("http://proxy:8080", ModelEndpoint.resolve(claude, null, env::get).baseUrl());
        assertEquals("http://flag", ModelEndpoint.resolve(claude, "http://flag", env::get).baseUrl());
        assertEquals("https://api.anthropic.com", ModelEndpoint.resolve(claude, null, Map.of("ANTHROPIC_API_KEY", "k")::get).baseUrl());
        ModelEndpoint gemini = ModelEndpoint.resolve(ModelRef.parse("gemini/gemini-2.5-flash"), null, Map.of("GEMINI_API_KEY", "g")::get);
        assertEquals("https://generativelanguage.googleapis.com/v1beta/openai", gemini.baseUrl());
        assertEquals("https://openrouter.ai/api/v1",
                ModelEndpoint.resolve(ModelRef.parse("openrouter/x/y"), null, Map.of("OPENROUTER_API_KEY", "o")::get).baseUrl());
        assertFalse(ModelEndpoint.resolve(claude, null, env::get).toString().contains("sk-ant"), "the key never shows in logs");
    }

    @Test
    void aMissingKeyNamesTheVariable() {
        assertUsage(() -> ModelEndpoint.resolve(ModelRef.parse("gpt-4o"), null, Map.<String, String>of()::get),
                "model gpt-4o needs $OPENAI_API_KEY");
        assertUsage(() -> ModelEndpoint.resolve(ModelRef.parse("gpt-4o"), "ftp://x", Map.of("OPENAI_API_KEY", "k")::get), "http:// or https://");
    }

    private static void assertUsage(Runnable r, String text) {
        ArenaException e = assertThrows(ArenaException.class, r::run);
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(text), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }
}
