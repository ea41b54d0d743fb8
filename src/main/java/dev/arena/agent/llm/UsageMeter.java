package dev.arena.agent.llm;

import dev.arena.result.AgentUsage;

import java.util.Optional;

/**
 * Sums the tokens of an attempt's model calls and prices each call as it comes, so a tier that
 * applies above a prompt size is charged for exactly the calls whose prompt passed it; the cost
 * stays null for an unpriced model.
 */
public final class UsageMeter {
    private final ModelCatalog.Prices prices;
    private TokenUsage total = TokenUsage.ZERO;
    private double cost;
    private int calls;

    public UsageMeter(Optional<ModelCatalog.Prices> prices) {
        this.prices = prices.orElse(null);
    }

    public void add(TokenUsage usage) {
        total = total.plus(usage);
        if (prices != null) {
            cost += prices.cost(usage);
        }
        calls++;
    }

    public TokenUsage total() {
        return total;
    }

    /** USD so far, or null when the model has no known price. */
    public Double costUsd() {
        return prices == null ? null : cost;
    }

    /** The result.json view: model calls as iterations, every prompt token as input. */
    public AgentUsage usage() {
        return new AgentUsage(calls, total.promptTokens(), total.output(), costUsd());
    }
}
