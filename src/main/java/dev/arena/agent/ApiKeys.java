package dev.arena.agent;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The environment variables that carry model API keys, and which one a model needs. The model
 * name decides: an explicit provider prefix ("openai/gpt-5", "anthropic/claude-...") first, then
 * well-known family names; any other name with a "/" goes through OpenRouter.
 */
public final class ApiKeys {
    public static final String ANTHROPIC = "ANTHROPIC_API_KEY";
    public static final String OPENAI = "OPENAI_API_KEY";
    public static final String OPENROUTER = "OPENROUTER_API_KEY";
    public static final String GEMINI = "GEMINI_API_KEY";
    public static final List<String> ALL = List.of(ANTHROPIC, OPENAI, OPENROUTER, GEMINI);

    private ApiKeys() {
    }

    /** The variable a model's calls need; empty for no model (the oracle and null agents). */
    public static Optional<String> forModel(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        String m = model.toLowerCase(Locale.ROOT);
        if (m.startsWith("openrouter/")) {
            return Optional.of(OPENROUTER);
        }
        if (m.startsWith("anthropic/") || m.startsWith("claude")) {
            return Optional.of(ANTHROPIC);
        }
        if (m.startsWith("openai/") || m.startsWith("gpt") || m.matches("o\\d.*")) {
            return Optional.of(OPENAI);
        }
        if (m.startsWith("google/") || m.startsWith("gemini/") || m.startsWith("gemini")) {
            return Optional.of(GEMINI);
        }
        return Optional.of(m.contains("/") ? OPENROUTER : OPENAI);
    }
}
