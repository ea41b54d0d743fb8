package dev.arena.agent.llm;

/**
 * What one attempt may spend on model calls (the gladiator's own, or a CLI agent's at the gateway):
 * a token cap (every kind counted: fresh input, output, cache reads and writes) and a cost cap in
 * USD; null means no cap of that kind.
 */
public record Budget(Long maxTokens, Double maxCostUsd) {
    public static final Budget NONE = new Budget(null, null);

    public Budget {
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException("a token budget must be positive, not " + maxTokens);
        }
        if (maxCostUsd != null && !(maxCostUsd > 0)) {
            throw new IllegalArgumentException("a cost budget must be positive, not " + maxCostUsd);
        }
    }

    public static Budget tokens(long max) {
        return new Budget(max, null);
    }

    public static Budget costUsd(double max) {
        return new Budget(null, max);
    }
}
