package dev.arena.agent;

import dev.arena.agent.llm.ModelRef;
import dev.arena.agent.llm.Provider;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The environment variables that carry model API keys, and which one a model needs. The mapping
 * is the model clients' own ({@link ModelRef}), so deploy, the cluster preflight and the agent
 * can never disagree about a model's key.
 */
public final class ApiKeys {
    public static final List<String> ALL = Arrays.stream(Provider.values()).map(Provider::keyVariable).toList();

    private ApiKeys() {
    }

    /**
     * The variable a model's calls need; empty for no model (the oracle and null agents). A
     * model name the clients cannot place is a usage error, as it would be when the agent starts.
     */
    public static Optional<String> forModel(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(ModelRef.parse(model).provider().keyVariable());
    }
}
