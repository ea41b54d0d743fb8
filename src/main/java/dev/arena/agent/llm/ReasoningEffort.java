package dev.arena.agent.llm;

import dev.arena.ArenaException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How hard a reasoning model should think before it answers. Sent as is to the OpenAI-compatible
 * APIs; for Anthropic it becomes an extended-thinking budget of {@link #anthropicBudget} tokens
 * (1,024 is the least Anthropic accepts; 16,000 plus the default 16,000 for the answer still fits
 * the 32,000 output tokens of the models with the smallest limit).
 */
public enum ReasoningEffort {
    MINIMAL(1_024), LOW(4_000), MEDIUM(8_000), HIGH(16_000);

    private final int anthropicBudget;

    ReasoningEffort(int anthropicBudget) {
        this.anthropicBudget = anthropicBudget;
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int anthropicBudget() {
        return anthropicBudget;
    }

    /** The effort named {@code value} (null stays null); any other name is a usage error listing the choices. */
    public static ReasoningEffort parse(String value) {
        if (value == null) {
            return null;
        }
        return Arrays.stream(values()).filter(e -> e.json().equals(value)).findFirst()
                .orElseThrow(() -> ArenaException.usage("--reasoning-effort must be one of " + choices() + ", not '" + value + "'"));
    }

    public static String choices() {
        return Arrays.stream(values()).map(ReasoningEffort::json).collect(Collectors.joining(", "));
    }
}
