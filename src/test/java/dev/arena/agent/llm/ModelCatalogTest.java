package dev.arena.agent.llm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCatalogTest {
    private final ModelCatalog catalog = ModelCatalog.bundled();

    @Test
    void everySpellingOfAModelFindsItsPrice() {
        for (String name : new String[] {"anthropic/claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "openrouter/anthropic/claude-sonnet-4.5"}) {
            ModelCatalog.Prices p = catalog.prices(ModelRef.parse(name)).orElseThrow(() -> new AssertionError(name));
            assertEquals(3.0, p.input());
            assertEquals(15.0, p.output());
        }
        assertEquals(2.0, catalog.prices(ModelRef.parse("openai/gpt-4.1")).orElseThrow().input());
        assertEquals(0.15, catalog.prices(ModelRef.parse("gpt-4o-mini-2024-07-18")).orElseThrow().input(), "not gpt-4o's price");
    }

    @Test
    void anUnknownModelHasNoPriceAndTheDefaultContextWindow() {
        ModelRef unknown = ModelRef.parse("openai/my-finetune");
        assertTrue(catalog.prices(unknown).isEmpty());
        assertEquals(ModelCatalog.DEFAULT_CONTEXT_WINDOW, catalog.contextWindow(unknown));
        assertEquals(200_000, catalog.contextWindow(ModelRef.parse("claude-sonnet-4-5")));
    }

    @Test
    void costPricesEachKindOfToken() {
        ModelCatalog.Prices p = new ModelCatalog.Prices(3, 15, 0.3, 3.75);
        assertEquals((1_000_000 * 3 + 100_000 * 15 + 2_000_000 * 0.3 + 10_000 * 3.75) / 1e6,
                p.cost(new TokenUsage(1_000_000, 100_000, 2_000_000, 10_000)), 1e-12);
    }

    @Test
    void theMeterSumsCallsAndLeavesAnUnpricedCostNull() {
        UsageMeter unpriced = new UsageMeter(Optional.empty());
        unpriced.add(new TokenUsage(100, 10, 20, 5));
        unpriced.add(new TokenUsage(100, 10, 0, 0));
        assertNull(unpriced.usage().costUsd());
        assertEquals(2, unpriced.usage().iterations());
        assertEquals(225, unpriced.usage().inputTokens(), "fresh plus cache-read plus cache-write");
        assertEquals(20, unpriced.usage().outputTokens());

        UsageMeter priced = new UsageMeter(catalog.prices(ModelRef.parse("gpt-4o")));
        priced.add(new TokenUsage(0, 0, 0, 0));
        assertEquals(0.0, priced.usage().costUsd(), "a priced model that used nothing costs 0");
    }

    @Test
    void currentModelsAreFoundByLiteLlmsNameAndByBareId() {
        assertEquals(1.25, catalog.prices(ModelRef.parse("openai/gpt-5.1")).orElseThrow().input());
        assertEquals(1.75, catalog.prices(ModelRef.parse("gpt-5.2")).orElseThrow().input());
        assertEquals(5.0, catalog.prices(ModelRef.parse("anthropic/claude-opus-4-7")).orElseThrow().input());
        assertEquals(1_000_000, catalog.contextWindow(ModelRef.parse("claude-opus-4-7")));
        assertEquals("gemini", catalog.find(ModelRef.parse("gemini/gemini-3.1-pro-preview")).orElseThrow().provider(),
                "LiteLLM's own provider/model name");
        assertEquals(0.125, catalog.prices(ModelRef.parse("gemini/gemini-2.5-pro")).orElseThrow().cacheRead());
    }

    @Test
    void theOpenAiCompatibleVendorsAndTheSmallOpenAiModelsHaveAPrice() {
        assertEquals(3.0, catalog.prices(ModelRef.parse("xai/grok-4")).orElseThrow().input());
        assertEquals(0.25, catalog.prices(ModelRef.parse("gpt-5-mini")).orElseThrow().input());
        UsageMeter deepseek = new UsageMeter(catalog.prices(ModelRef.parse("deepseek/deepseek-chat")));
        deepseek.add(new TokenUsage(1_000_000, 1_000_000, 1_000_000, 0));
        assertEquals(0.28 + 0.42 + 0.028, deepseek.usage().costUsd(), 1e-12, "a run on deepseek-chat has a cost, not null");
        for (String name : new String[] {"xai/grok-code-fast-1", "deepseek/deepseek-reasoner", "mistral/mistral-large-latest",
                "groq/openai/gpt-oss-120b", "together_ai/Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8", "gpt-5-nano", "o3", "o4-mini"}) {
            assertTrue(catalog.prices(ModelRef.parse(name)).isPresent(), name);
        }
    }

    @Test
    void aCallOverTheTierIsPricedAtTheTierAndTheMeterPricesEachCallOnItsOwn() {
        ModelCatalog.Prices pro = catalog.prices(ModelRef.parse("gemini/gemini-2.5-pro")).orElseThrow();
        TokenUsage under = new TokenUsage(150_000, 1_000, 50_000, 0); // prompt exactly 200k: not above
        TokenUsage over = new TokenUsage(150_000, 1_000, 50_001, 0);
        assertEquals((150_000 * 1.25 + 1_000 * 10 + 50_000 * 0.125) / 1e6, pro.cost(under), 1e-12);
        assertEquals((150_000 * 2.5 + 1_000 * 15 + 50_001 * 0.25) / 1e6, pro.cost(over), 1e-12);

        UsageMeter meter = new UsageMeter(Optional.of(pro));
        meter.add(new TokenUsage(150_000, 1_000, 0, 0));
        meter.add(new TokenUsage(150_000, 1_000, 0, 0));
        assertEquals(2 * (150_000 * 1.25 + 1_000 * 10) / 1e6, meter.costUsd(), 1e-12,
                "300k prompt tokens in total, but no single call passed 200k");
        meter.add(over);
        assertEquals(2 * (150_000 * 1.25 + 1_000 * 10) / 1e6 + pro.cost(over), meter.costUsd(), 1e-12);
    }

    @Test
    void aRetiredOrUnknownModelGetsOneWarningLine() {
        ModelRef sonnet45 = ModelRef.parse("anthropic/claude-sonnet-4-5");
        assertEquals("warning: model anthropic/claude-sonnet-4-5 was retired by its vendor on 2026-11-30; its calls may fail"
                + " (`arena models` lists current models)", catalog.warning(sonnet45, LocalDate.of(2026, 12, 1)).orElseThrow());
        assertTrue(catalog.warning(sonnet45, LocalDate.of(2026, 11, 29)).isEmpty(), "not yet retired");
        assertTrue(catalog.warning(ModelRef.parse("claude-sonnet-4-5-20250929"), LocalDate.of(2026, 12, 1)).isPresent());
        assertTrue(catalog.warning(ModelRef.parse("anthropic/claude-sonnet-4-6"), LocalDate.of(2026, 12, 1)).isEmpty());
        String unknown = catalog.warning(ModelRef.parse("openai/my-finetune"), LocalDate.of(2026, 12, 1)).orElseThrow();
        assertTrue(unknown.startsWith("warning: model openai/my-finetune is not in the model catalog") && !unknown.contains("\n"), unknown);
    }

    @Test
    void theUsersCopyInTheSettingsFolderWinsOverTheBundledCatalog(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("ARENA_SETTINGS", dir.resolve("settings.json").toString());
        assertEquals(dir.resolve("model-catalog.json"), ModelCatalog.userFile(env));
        assertEquals("bundled", ModelCatalog.load(env).source());
        Files.writeString(dir.resolve("model-catalog.json"), "{\"models\": {\"gpt-5.1\": {\"provider\": \"openai\", \"input\": 9,"
                + " \"output\": 90, \"cache_read\": 0.9, \"cache_write\": 0, \"context_window\": 1000}}}");
        ModelCatalog user = ModelCatalog.load(env);
        assertEquals(9.0, user.prices(ModelRef.parse("gpt-5.1")).orElseThrow().input());
        assertTrue(user.prices(ModelRef.parse("claude-opus-4-7")).isEmpty(), "the user's copy replaces the bundled one whole");
    }
}
