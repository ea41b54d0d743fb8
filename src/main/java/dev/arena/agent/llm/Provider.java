package dev.arena.agent.llm;

/**
 * The model APIs arena talks to. Anthropic speaks its Messages API; the others speak the
 * OpenAI-compatible Chat Completions API, each at its own address and with its own key.
 */
public enum Provider {
    ANTHROPIC("anthropic", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "https://api.anthropic.com"),
    OPENAI("openai", "OPENAI_API_KEY", "OPENAI_BASE_URL", "https://api.openai.com/v1"),
    OPENROUTER("openrouter", "OPENROUTER_API_KEY", null, "https://openrouter.ai/api/v1"),
    GEMINI("gemini", "GEMINI_API_KEY", null, "https://generativelanguage.googleapis.com/v1beta/openai/");

    private final String prefix;
    private final String keyVariable;
    private final String baseUrlVariable;
    private final String defaultBaseUrl;

    Provider(String prefix, String keyVariable, String baseUrlVariable, String defaultBaseUrl) {
        this.prefix = prefix;
        this.keyVariable = keyVariable;
        this.baseUrlVariable = baseUrlVariable;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    /** The word before the first '/' of a model name, as in {@code anthropic/claude-sonnet-4-5}. */
    public String prefix() {
        return prefix;
    }

    public String keyVariable() {
        return keyVariable;
    }

    /** The environment variable that moves this provider's API, or null when there is none. */
    public String baseUrlVariable() {
        return baseUrlVariable;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    public boolean speaksAnthropicMessages() {
        return this == ANTHROPIC;
    }
}
