package dev.arena.eval;

import dev.arena.ArenaException;
import dev.arena.agent.Agent;
import dev.arena.agent.AgentSettings;
import dev.arena.agent.NullAgent;
import dev.arena.agent.OracleAgent;
import dev.arena.agent.cli.CliAgent;
import dev.arena.agent.cli.TarballSource;
import dev.arena.agent.gladiator.GladiatorAgent;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The registry of agents by name: the one place that wires agent implementations into the
 * evaluation. To add one, implement {@link Agent} and add a line here; the factory gets the
 * agent's settings (model, limits) and should fail fast with an {@link ArenaException} on
 * settings it cannot work with. The coding-agent CLIs take a version after the name
 * ({@code claude-code@2.1.332}); without one they run their pinned default.
 */
public final class Agents {
    private static final Map<String, BiFunction<AgentSettings, TarballSource, Agent>> REGISTRY = Map.of(
            "oracle", (settings, tarballs) -> new OracleAgent(),
            "null", (settings, tarballs) -> new NullAgent(),
            GladiatorAgent.NAME, (settings, tarballs) -> GladiatorAgent.fromSettings(settings),
            "claude-code", Agents::cli,
            "codex", Agents::cli);

    /** Agents that call a model API, so a run of them needs the model's key. */
    private static final java.util.Set<String> MODEL_AGENTS = java.util.Set.of(GladiatorAgent.NAME, "claude-code", "codex");

    private Agents() {
    }

    public static boolean callsAModel(String agent) {
        return agent != null && MODEL_AGENTS.contains(baseName(agent));
    }

    /** True for the coding-agent CLIs that run inside the sandbox behind arena's model gateway. */
    public static boolean isCli(String agent) {
        return agent != null && CliAgent.defaultVersion(baseName(agent)) != null;
    }

    /** The agent's name without a version: {@code claude-code} of {@code claude-code@2.1.332}. */
    public static String baseName(String agent) {
        int at = agent.indexOf('@');
        return at < 0 ? agent : agent.substring(0, at);
    }

    /** The version given after '@', or null. */
    private static String version(String agent) {
        int at = agent.indexOf('@');
        return at < 0 ? null : agent.substring(at + 1);
    }

    /**
     * The version an attempt of {@code agent} runs, recorded in result.json: the one given after
     * '@', else a CLI's pinned default; null for agents without versions (oracle, null, gladiator).
     */
    public static String versionOf(String agent) {
        if (agent == null) {
            return null;
        }
        String given = version(agent);
        return given != null ? given : CliAgent.defaultVersion(baseName(agent));
    }

    public static List<String> names() {
        return REGISTRY.keySet().stream().sorted().toList();
    }

    public static Agent create(EvalSettings settings) {
        return create(settings.agentSettings());
    }

    public static Agent create(AgentSettings settings) {
        return create(settings, null);
    }

    /** As {@link #create(AgentSettings, TarballSource)}. */
    public static Agent create(EvalSettings settings, TarballSource cliTarballs) {
        return create(settings.agentSettings(), cliTarballs);
    }

    /** @param cliTarballs where a CLI agent's package tarballs come from (a pod: the bucket); null: the npm registry */
    public static Agent create(AgentSettings settings, TarballSource cliTarballs) {
        String name = baseName(settings.name());
        BiFunction<AgentSettings, TarballSource, Agent> factory = REGISTRY.get(name);
        if (factory == null) {
            throw ArenaException.usage("unknown agent '" + settings.name() + "'; choose one of " + String.join(", ", names()));
        }
        String version = version(settings.name());
        if (version != null && CliAgent.defaultVersion(name) == null) {
            throw ArenaException.usage("agent " + name + " has no versions to choose from; give it as --agent " + name);
        }
        if (version != null && !version.matches("[0-9A-Za-z][0-9A-Za-z.+-]*")) {
            throw ArenaException.usage("'" + version + "' is not a version of " + name + " (e.g. " + name + "@"
                    + CliAgent.defaultVersion(name) + ")");
        }
        return factory.apply(settings, cliTarballs);
    }

    private static Agent cli(AgentSettings settings, TarballSource tarballs) {
        return CliAgent.named(baseName(settings.name()), version(settings.name()), settings, tarballs, System.getenv());
    }
}
