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
        assertUsage(() -> ModelRef.parse("cohere/command-r"), "unknown model provider 'cohere'");
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
    void vendorPrefixesReadTheirOwnKeyAndCallTheirOwnAddress() {
        Map<String, String> env = Map.of("XAI_API_KEY", "x", "DEEPSEEK_API_KEY", "d", "TOGETHERAI_API_KEY", "t",
                "MISTRAL_API_KEY", "m", "GROQ_API_KEY", "g", "OPENAI_API_KEY", "o");
        assertVendor("xai/grok-4", Provider.XAI, "grok-4", "XAI_API_KEY", "x", "https://api.x.ai/v1", env);
        assertVendor("deepseek/deepseek-chat", Provider.DEEPSEEK, "deepseek-chat", "DEEPSEEK_API_KEY", "d", "https://api.deepseek.com/v1", env);
        assertVendor("together_ai/Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8", Provider.TOGETHER_AI, "Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8",
                "TOGETHER_API_KEY", "t", "https://api.together.xyz/v1", env);
        assertVendor("mistral/devstral-medium-latest", Provider.MISTRAL, "devstral-medium-latest", "MISTRAL_API_KEY", "m",
                "https://api.mistral.ai/v1", env);
        assertVendor("groq/moonshotai/kimi-k2-instruct", Provider.GROQ, "moonshotai/kimi-k2-instruct", "GROQ_API_KEY", "g",
                "https://api.groq.com/openai/v1", env);
        // LiteLLM's first name for the Together key wins over its older one
        assertEquals("new", ModelEndpoint.resolve(ModelRef.parse("together_ai/m"), null,
                Map.of("TOGETHER_API_KEY", "new", "TOGETHERAI_API_KEY", "old")::get).apiKey());
        assertUsage(() -> ModelEndpoint.resolve(ModelRef.parse("groq/llama"), null, Map.of("OPENAI_API_KEY", "o")::get),
                "model groq/llama needs $GROQ_API_KEY (the groq API key)");
    }

    @Test
    void googleApiKeyStandsInForGeminiApiKeyWhichWinsWhenBothAreSet() {
        ModelRef gemini = ModelRef.parse("gemini/gemini-2.5-pro");
        assertEquals("google", ModelEndpoint.resolve(gemini, null, Map.of("GOOGLE_API_KEY", "google")::get).apiKey());
        assertEquals("gemini", ModelEndpoint.resolve(gemini, null, Map.of("GOOGLE_API_KEY", "google", "GEMINI_API_KEY", "gemini")::get).apiKey());
        assertUsage(() -> ModelEndpoint.resolve(gemini, null, Map.<String, String>of()::get),
                "needs $GEMINI_API_KEY (or $GOOGLE_API_KEY) (the gemini API key)");
        // deploy stores the key under the provider's own name, the one the pods are given
        assertEquals(Map.of("GEMINI_API_KEY", "google"), dev.arena.agent.ApiKeys.fromEnvironment(Map.of("GOOGLE_API_KEY", "google")::get));
        assertEquals(Map.of("GEMINI_API_KEY", "gemini", "TOGETHER_API_KEY", "t"), dev.arena.agent.ApiKeys.fromEnvironment(
                Map.of("GOOGLE_API_KEY", "google", "GEMINI_API_KEY", "gemini", "TOGETHERAI_API_KEY", "t")::get));
        assertTrue(dev.arena.agent.ApiKeys.ALL.containsAll(java.util.List.of("GOOGLE_API_KEY", "TOGETHERAI_API_KEY", "XAI_API_KEY")));
    }

    @Test
    void vertexModelsTakeNoKeyAndAreAddressedByLocationAndProject() {
        ModelRef claude = ModelRef.parse("vertex_ai/claude-opus-4-1@20250805");
        assertEquals(new ModelRef("vertex_ai/claude-opus-4-1@20250805", Provider.VERTEX_AI, "claude-opus-4-1@20250805"), claude);
        assertTrue(claude.isClaude());
        assertFalse(ModelRef.parse("vertex_ai/gemini-2.5-pro").isClaude());
        assertEquals(java.util.Optional.empty(), dev.arena.agent.ApiKeys.forModel("vertex_ai/gemini-2.5-pro"), "no key, no Secret entry");

        VertexEndpoint regional = VertexEndpoint.resolve(claude, null, "us-east5", "proj-1");
        assertEquals("https://us-east5-aiplatform.googleapis.com/v1/projects/proj-1/locations/us-east5/publishers/anthropic/models/"
                + "claude-opus-4-1@20250805:rawPredict", regional.rawPredictUri().toString());
        VertexEndpoint global = VertexEndpoint.resolve(ModelRef.parse("vertex_ai/gemini-2.5-pro"), null, "global", "proj-1");
        assertEquals("https://aiplatform.googleapis.com/v1/projects/proj-1/locations/global/endpoints/openapi/chat/completions",
                global.chatCompletionsUri().toString());
        assertEquals("google/gemini-2.5-pro", global.chatModelId());
    }

    @Test
    void aVertexModelWithoutALocationOrProjectIsOneUsageLine() {
        ModelRef gemini = ModelRef.parse("vertex_ai/gemini-2.5-pro");
        assertUsage(() -> VertexEndpoint.resolve(gemini, null, null, "proj-1"),
                "model vertex_ai/gemini-2.5-pro needs a Vertex AI location: pass --vertex-location LOCATION");
        assertUsage(() -> VertexEndpoint.resolve(gemini, null, "evil.example.com/x?", "proj-1"), "is not a Vertex AI location");
        assertUsage(() -> VertexEndpoint.resolve(gemini, null, "us-east5", null), "needs a Google Cloud project for Vertex AI");
        assertUsage(() -> VertexEndpoint.resolve(gemini, null, "us-east5", "p/../x"), "is not a Google Cloud project id");
    }

    @Test
    void aMissingKeyNamesTheVariable() {
        assertUsage(() -> ModelEndpoint.resolve(ModelRef.parse("gpt-4o"), null, Map.<String, String>of()::get),
                "model gpt-4o needs $OPENAI_API_KEY");
        assertUsage(() -> ModelEndpoint.resolve(ModelRef.parse("gpt-4o"), "ftp://x", Map.of("OPENAI_API_KEY", "k")::get), "http:// or https://");
    }

    private static void assertVendor(String name, Provider provider, String id, String keyVariable, String key, String baseUrl,
                                     Map<String, String> env) {
        ModelRef ref = ModelRef.parse(name);
        assertEquals(new ModelRef(name, provider, id), ref);
        assertEquals(keyVariable, provider.keyVariable());
        assertEquals(java.util.Optional.of(keyVariable), dev.arena.agent.ApiKeys.forModel(name));
        ModelEndpoint endpoint = ModelEndpoint.resolve(ref, null, env::get);
        assertEquals(key, endpoint.apiKey());
        assertEquals(baseUrl, endpoint.baseUrl());
    }

    private static void assertUsage(Runnable r, String text) {
        ArenaException e = assertThrows(ArenaException.class, r::run);
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(text), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }
}
