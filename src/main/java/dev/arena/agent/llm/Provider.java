package dev.arena.agent.llm;

import java.util.List;

/**
 * The model APIs arena talks to, by their LiteLLM prefix. Anthropic speaks its Messages API;
 * the vendors after it speak the OpenAI-compatible Chat Completions API, each at its own address
 * and with its own key. Vertex AI has no key: it signs calls with Google application default
 * credentials, and serves Claude in the Messages shape and Gemini in the Chat Completions one.
 */
public enum Provider {
    ANTHROPIC("anthropic", List.of("ANTHROPIC_API_KEY"), "ANTHROPIC_BASE_URL", "https://api.anthropic.com"),
    OPENAI("openai", List.of("OPENAI_API_KEY"), "OPENAI_BASE_URL", "https://api.openai.com/v1"),
    OPENROUTER("openrouter", List.of("OPENROUTER_API_KEY"), null, "https://openrouter.ai/api/v1"),
    // GOOGLE_API_KEY is the name Google's own SDKs read; GEMINI_API_KEY wins when both are set
    GEMINI("gemini", List.of("GEMINI_API_KEY", "GOOGLE_API_KEY"), null, "https://generativelanguage.googleapis.com/v1beta/openai/"),
    XAI("xai", List.of("XAI_API_KEY"), null, "https://api.x.ai/v1"),
    DEEPSEEK("deepseek", List.of("DEEPSEEK_API_KEY"), null, "https://api.deepseek.com/v1"),
    // LiteLLM reads TOGETHER_API_KEY first, then TOGETHERAI_API_KEY
    TOGETHER_AI("together_ai", List.of("TOGETHER_API_KEY", "TOGETHERAI_API_KEY"), null, "https://api.together.xyz/v1"),
    MISTRAL("mistral", List.of("MISTRAL_API_KEY"), null, "https://api.mistral.ai/v1"),
    GROQ("groq", List.of("GROQ_API_KEY"), null, "https://api.groq.com/openai/v1"),
    /** The address depends on the location; see {@link VertexEndpoint}. */
    VERTEX_AI("vertex_ai", List.of(), null, null);

    private final String prefix;
    private final List<String> keyVariables;
    private final String baseUrlVariable;
    private final String defaultBaseUrl;

    Provider(String prefix, List<String> keyVariables, String baseUrlVariable, String defaultBaseUrl) {
        this.prefix = prefix;
        this.keyVariables = keyVariables;
        this.baseUrlVariable = baseUrlVariable;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    /** The word before the first '/' of a model name, as in {@code anthropic/claude-sonnet-4-5}. */
    public String prefix() {
        return prefix;
    }

    /** The variable the key is stored and deployed under; null for Vertex AI, which takes no key. */
    public String keyVariable() {
        return keyVariables.isEmpty() ? null : keyVariables.get(0);
    }

    /** Every variable the key is read from, the first set one winning: {@link #keyVariable} and its aliases. */
    public List<String> keyVariables() {
        return keyVariables;
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
