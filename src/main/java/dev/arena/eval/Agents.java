package dev.arena.eval;

import dev.arena.ArenaException;
import dev.arena.agent.Agent;
import dev.arena.agent.AgentSettings;
import dev.arena.agent.NullAgent;
import dev.arena.agent.OracleAgent;
import dev.arena.agent.gladiator.GladiatorAgent;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The registry of agents by name: the one place that wires agent implementations into the
 * evaluation. To add one, implement {@link Agent} and add a line here; the factory gets the
 * agent's settings (model, limits) and should fail fast with an {@link ArenaException} on
 * settings it cannot work with.
 */
public final class Agents {
    private static final Map<String, Function<AgentSettings, Agent>> REGISTRY = Map.of(
            "oracle", settings -> new OracleAgent(),
            "null", settings -> new NullAgent(),
            GladiatorAgent.NAME, GladiatorAgent::fromSettings);

    /** Agents that call a model API, so a run of them needs the model's key. */
    private static final java.util.Set<String> MODEL_AGENTS = java.util.Set.of(GladiatorAgent.NAME);

    private Agents() {
    }

    public static boolean callsAModel(String agent) {
        return MODEL_AGENTS.contains(agent);
    }

    public static List<String> names() {
        return REGISTRY.keySet().stream().sorted().toList();
    }

    public static Agent create(EvalSettings settings) {
        return create(settings.agentSettings());
    }

    public static Agent create(AgentSettings settings) {
        Function<AgentSettings, Agent> factory = REGISTRY.get(settings.name());
        if (factory == null) {
            throw ArenaException.usage("unknown agent '" + settings.name() + "'; choose one of " + String.join(", ", names()));
        }
        return factory.apply(settings);
    }
}
