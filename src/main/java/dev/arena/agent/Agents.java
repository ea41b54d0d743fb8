package dev.arena.agent;

import dev.arena.ArenaException;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of agents by name. To add one, implement {@link Agent} and add a line here. */
public final class Agents {
    private static final Map<String, Supplier<Agent>> REGISTRY = Map.of(
            "oracle", OracleAgent::new,
            "null", NullAgent::new);

    private Agents() {
    }

    public static List<String> names() {
        return REGISTRY.keySet().stream().sorted().toList();
    }

    public static Agent create(String name) {
        Supplier<Agent> factory = REGISTRY.get(name);
        if (factory == null) {
            throw ArenaException.usage("unknown agent '" + name + "'; choose one of " + String.join(", ", names()));
        }
        return factory.get();
    }

    /** Fails fast on an unknown name, before any work starts. */
    public static void check(String name) {
        create(name);
    }
}
