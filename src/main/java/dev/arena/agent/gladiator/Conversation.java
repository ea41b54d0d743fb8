package dev.arena.agent.gladiator;

import dev.arena.agent.llm.Turn;

import java.util.ArrayList;
import java.util.List;

/**
 * The turns sent to the model, kept within its context window. Size is estimated from
 * characters, calibrated by the prompt tokens the API reported for the previous call. When the
 * estimate passes the budget, the oldest complete tool exchanges (a call with its results,
 * never one without the other) are dropped; the task prompt always stays, with a note.
 */
final class Conversation {
    private static final double DEFAULT_TOKENS_PER_CHAR = 0.3;

    private final String prompt;
    private final long budgetTokens;
    private final int fixedChars;
    private final List<Turn> exchanges = new ArrayList<>();
    private double tokensPerChar = DEFAULT_TOKENS_PER_CHAR;
    private int dropped;

    /**
     * @param budgetTokens most prompt tokens to send
     * @param fixedChars   characters sent with every call besides the turns (system prompt, tool schemas)
     */
    Conversation(String prompt, long budgetTokens, int fixedChars) {
        this.prompt = prompt;
        this.budgetTokens = budgetTokens;
        this.fixedChars = fixedChars;
    }

    void add(Turn.Assistant call, Turn.ToolResults results) {
        exchanges.add(call);
        exchanges.add(results);
    }

    /** What the next call sends: the task prompt, then the exchanges kept. */
    List<Turn> turns() {
        List<Turn> turns = new ArrayList<>();
        turns.add(new Turn.User(dropped == 0 ? prompt : prompt + "\n\n[Note: the " + dropped
                + " oldest tool exchange(s) of this session were removed to fit the context window; read files again if needed.]"));
        turns.addAll(exchanges);
        return turns;
    }

    /** Learns the tokens per character from a call that sent {@link #turns()} and cost {@code promptTokens}. */
    void calibrate(long promptTokens) {
        int chars = chars();
        if (promptTokens > 0 && chars > 0) {
            tokensPerChar = (double) promptTokens / chars;
        }
    }

    long estimatedTokens() {
        return (long) Math.ceil(chars() * tokensPerChar);
    }

    /**
     * Drops the oldest exchanges until the estimate fits, keeping at least the newest one.
     * Returns false when even that does not fit.
     */
    boolean fit() {
        while (estimatedTokens() > budgetTokens && exchanges.size() > 2) {
            exchanges.remove(0);
            exchanges.remove(0);
            dropped++;
        }
        return estimatedTokens() <= budgetTokens;
    }

    int dropped() {
        return dropped;
    }

    private int chars() {
        return fixedChars + turns().stream().mapToInt(Turn::chars).sum();
    }
}
