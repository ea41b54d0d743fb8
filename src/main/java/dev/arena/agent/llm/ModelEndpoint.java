package dev.arena.agent.llm;

import dev.arena.ArenaException;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where and with which key a model is called. The key stays in the JVM: it goes into request
 * headers only, never into a container, a log or a result ({@link #toString} leaves it out).
 */
public record ModelEndpoint(ModelRef model, String baseUrl, String apiKey) {

    /**
     * Resolves the address (flag, then the provider's variable, then its default) and the key
     * from {@code env}. A missing key is a usage error, so a run fails before any work starts.
     */
    public static ModelEndpoint resolve(ModelRef model, String baseUrlFlag, Function<String, String> env) {
        Provider provider = model.provider();
        if (provider == Provider.VERTEX_AI) {
            throw new IllegalArgumentException("Vertex AI takes no key; see VertexEndpoint");
        }
        List<String> names = provider.keyVariables();
        String key = key(provider, env).orElseThrow(() -> ArenaException.usage("model " + model.name() + " needs $" + names.get(0)
                + (names.size() > 1 ? " (or $" + String.join(", $", names.subList(1, names.size())) + ")" : "")
                + " (the " + provider.prefix() + " API key); set it in the environment of arena"));
        String fromEnv = provider.baseUrlVariable() == null ? null : env.apply(provider.baseUrlVariable());
        String base = firstSet(baseUrlFlag, fromEnv, provider.defaultBaseUrl());
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            throw ArenaException.usage("the model base URL must start with http:// or https://, not '" + base + "'");
        }
        return new ModelEndpoint(model, base.replaceAll("/+$", ""), key.strip());
    }

    /** The provider's key from the first of its variables that is set. */
    public static Optional<String> key(Provider provider, Function<String, String> env) {
        return provider.keyVariables().stream().map(env).filter(v -> v != null && !v.isBlank()).findFirst();
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        throw new IllegalStateException("no default");
    }

    @Override
    public String toString() {
        return "ModelEndpoint[" + model.name() + " at " + baseUrl + "]";
    }
}
