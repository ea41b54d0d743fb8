package dev.arena.result;

/**
 * Tokens and cost summed over attempts, by the one rule every summary keeps: the cost stays null
 * until an attempt has a price (an unpriced model is not free, so never $0), and attempts that
 * used tokens without a price are counted, so a non-null cost can be read as a lower bound.
 */
public final class TokenCostTally {
    private long inputTokens;
    private long outputTokens;
    private Double costUsd;
    private int unpricedAttempts;

    public void add(long input, long output, Double cost) {
        inputTokens += input;
        outputTokens += output;
        if (cost != null) {
            costUsd = (costUsd == null ? 0 : costUsd) + cost;
        } else if (input + output > 0) {
            unpricedAttempts++;
        }
    }

    public long inputTokens() {
        return inputTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    public Double costUsd() {
        return costUsd;
    }

    public int unpricedAttempts() {
        return unpricedAttempts;
    }
}
