package dev.arena.cli;

import dev.arena.agent.Agents;
import dev.arena.config.BuildArgs;
import dev.arena.config.Durations;
import dev.arena.config.Sizes;
import dev.arena.eval.EvalSettings;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The options of an evaluation, shared by {@code run} and {@code evaluate}. */
final class EvalOptions {
    @Option(names = "--agent", required = true, paramLabel = "NAME", description = "Agent to evaluate: gladiator (an LLM agent with tools; needs --model), oracle (applies the gold diff) or null (changes nothing).")
    String agent;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Model the agent uses, e.g. anthropic/claude-sonnet-4-5, openai/gpt-4.1, openrouter/VENDOR/MODEL, gemini/MODEL (recorded in every result).")
    String model;

    @Option(names = "--model-base-url", paramLabel = "URL",
            description = "Base URL of the model API, for a proxy or a self-hosted OpenAI-compatible server (default: the provider's, or $ANTHROPIC_BASE_URL / $OPENAI_BASE_URL).")
    String modelBaseUrl;

    @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "" + EvalSettings.DEFAULT_MAX_ITERATIONS,
            description = "Most agent steps per task (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--task-timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "Time limit per task from container start to the end of the tests, e.g. 90s, 30m, 1h (default: ${DEFAULT-VALUE}).")
    String taskTimeout;

    @Option(names = "--network", paramLabel = "MODE", defaultValue = "bridge",
            description = "Network of the task containers: bridge or none (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "4g", description = "Memory limit per task container (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "2", description = "CPU limit per task container (default: ${DEFAULT-VALUE}).")
    double cpus;

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE",
            description = "Build argument for dataset images, repeatable; adds to $" + BuildArgs.ENV + " (e.g. BASE_IMAGE=arena-base:bookworm).")
    List<String> buildArgs = new ArrayList<>();

    EvalSettings toSettings() {
        if (!network.equals("bridge") && !network.equals("none")) {
            throw dev.arena.ArenaException.usage("--network must be bridge or none, not '" + network + "'");
        }
        if (maxIterations < 1) {
            throw dev.arena.ArenaException.usage("--max-iterations must be at least 1");
        }
        if (cpus <= 0) {
            throw dev.arena.ArenaException.usage("--cpus must be more than 0");
        }
        EvalSettings settings = new EvalSettings(agent, model, maxIterations, Durations.parse(taskTimeout), Sizes.parseBytes(memory),
                cpus, network, BuildArgs.resolve(System.getenv(BuildArgs.ENV), buildArgs), modelBaseUrl);
        Agents.create(settings); // unknown agent or unusable settings: fail before any work starts
        return settings;
    }
}
