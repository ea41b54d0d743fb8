package dev.arena.agent;

import dev.arena.agent.llm.ModelEndpoint;
import dev.arena.agent.llm.ModelRef;
import dev.arena.agent.llm.Provider;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The environment variables that carry model API keys, and which one a model needs. The mapping
 * is the model clients' own ({@link ModelRef}), so deploy, the cluster preflight and the agent
 * can never disagree about a model's key. A key read under an alias (GOOGLE_API_KEY) is stored and
 * passed to pods under the provider's own name (GEMINI_API_KEY).
 */
public final class ApiKeys {
    /** Every variable a key may be read from, aliases included. */
    public static final List<String> ALL = Arrays.stream(Provider.values()).flatMap(p -> p.keyVariables().stream()).toList();

    private ApiKeys() {
    }

    /**
     * The variable a model's calls need; empty for no model (the oracle and null agents) and for
     * Vertex AI, which signs with Google credentials instead of a key. A model name the clients
     * cannot place is a usage error, as it would be when the agent starts.
     */
    public static Optional<String> forModel(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(ModelRef.parse(model).provider().keyVariable());
    }

    /** The keys set in {@code env}, one per provider, under the provider's own variable (what deploy puts in the Secret). */
    public static Map<String, String> fromEnvironment(Function<String, String> env) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Provider p : Provider.values()) {
            if (p.keyVariable() != null) {
                ModelEndpoint.key(p, env).ifPresent(v -> keys.put(p.keyVariable(), v));
            }
        }
        return keys;
    }
}
