package dev.arena.agent.llm;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCatalogTest {
    private final ModelCatalog catalog = ModelCatalog.load();

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
}
