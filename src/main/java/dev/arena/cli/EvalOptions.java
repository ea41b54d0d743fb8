package dev.arena.cli;

import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.ModelRef;
import dev.arena.agent.llm.Provider;
import dev.arena.config.Settings;
import dev.arena.eval.Agents;
import dev.arena.config.BuildArgs;
import dev.arena.config.Durations;
import dev.arena.config.Sizes;
import dev.arena.eval.EvalDefaults;
import dev.arena.eval.EvalSettings;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The options of an evaluation, shared by {@code run} and {@code evaluate}. */
final class EvalOptions {
    static final String MISSING_AGENT = "missing --agent (gladiator, oracle or null)";
    /** Below these a task's own test runner (a shell, git, a test framework) cannot start. */
    static final long MIN_PIDS = 32;
    static final int MIN_NOFILE = 64;

    @Option(names = "--agent", paramLabel = "NAME", description = "Agent to evaluate: gladiator (an LLM agent with tools; needs --model),"
            + " oracle (applies the gold diff) or null (changes nothing). Required, except in the cluster: there the deployed default.")
    String agent;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Model the agent uses, e.g. anthropic/claude-sonnet-4-6, openai/gpt-5.1, openrouter/VENDOR/MODEL, gemini/MODEL,"
                    + " vertex_ai/MODEL, xai/, deepseek/, together_ai/, mistral/ or groq/MODEL (recorded in every result).")
    String model;

    @Option(names = "--vertex-location", paramLabel = "LOCATION",
            description = "Vertex AI location of a vertex_ai/ model, e.g. us-east5 or global (default: $" + Settings.VERTEX_LOCATION_ENV
                    + ", then the settings file).")
    String vertexLocation;

    @Option(names = "--model-base-url", paramLabel = "URL",
            description = "Base URL of the model API, for a proxy or a self-hosted OpenAI-compatible server (default: the provider's, or $ANTHROPIC_BASE_URL / $OPENAI_BASE_URL).")
    String modelBaseUrl;

    @Option(names = "--max-iterations", paramLabel = "N",
            description = "Most agent steps per task (default: " + EvalSettings.DEFAULT_MAX_ITERATIONS + "; in the cluster the deployed value).")
    Integer maxIterations;

    @Option(names = "--task-timeout", paramLabel = "DURATION",
            description = "Time limit per task from the start of its image build to the end of the tests, e.g. 90s, 30m, 1h"
                    + " (default: 30m; in the cluster the deployed value).")
    String taskTimeout;

    @Option(names = "--build-timeout", paramLabel = "DURATION",
            description = "Time limit for building a dataset's image; a build past it is stopped and its tasks end as"
                    + " errors (image_build). Default: 30m; the build also counts against --task-timeout.")
    String buildTimeout;

    @Option(names = "--network", paramLabel = "MODE", defaultValue = "bridge",
            description = "Network of the agent's container: bridge or none (default: ${DEFAULT-VALUE}); the grading"
                    + " container's comes from the dataset's arena.json (none by default).")
    String network;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "4g", description = "Memory limit per task container (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "2", description = "CPU limit per task container (default: ${DEFAULT-VALUE}).")
    double cpus;

    @Option(names = "--pids-limit", paramLabel = "N",
            description = "Most processes per task container (default: " + EvalSettings.DEFAULT_PIDS_LIMIT + "; in the cluster the deployed value).")
    Long pidsLimit;

    @Option(names = "--nofile", paramLabel = "N",
            description = "Open-files ulimit per task container (default: " + EvalSettings.DEFAULT_NOFILE + "; in the cluster the deployed value).")
    Integer nofile;

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE",
            description = "Build argument for dataset images, repeatable; adds to $" + BuildArgs.ENV + " (e.g. BASE_IMAGE=arena-base:bookworm).")
    List<String> buildArgs = new ArrayList<>();

    /** The location, resolved only for a vertex_ai/ model so other runs' plans do not record one. */
    private String vertexLocation() {
        if (model == null || !model.strip().toLowerCase(java.util.Locale.ROOT).startsWith(Provider.VERTEX_AI.prefix() + "/")) {
            return null;
        }
        return Settings.load().get(Settings.Key.VERTEX_LOCATION, vertexLocation);
    }

    /** {@code --build-timeout} of {@code run}, {@code evaluate} and {@code validate}: null when not given. */
    static java.time.Duration buildTimeout(String value) {
        return value == null ? null : Durations.parse(value);
    }

    EvalSettings toSettings() {
        return toSettings(EvalDefaults.LOCAL);
    }

    /** The settings with what was not given taken from {@code defaults}. */
    EvalSettings toSettings(EvalDefaults defaults) {
        String chosenAgent = agent != null ? agent : defaults.agent();
        if (chosenAgent == null) {
            throw dev.arena.ArenaException.usage(MISSING_AGENT);
        }
        int iterations = maxIterations != null ? maxIterations : defaults.maxIterations();
        java.time.Duration timeout = taskTimeout != null ? Durations.parse(taskTimeout) : defaults.taskTimeout();
        if (!network.equals("bridge") && !network.equals("none")) {
            throw dev.arena.ArenaException.usage("--network must be bridge or none, not '" + network + "'");
        }
        if (iterations < 1) {
            throw dev.arena.ArenaException.usage("--max-iterations must be at least 1");
        }
        if (cpus <= 0) {
            throw dev.arena.ArenaException.usage("--cpus must be more than 0");
        }
        long pids = pidsLimit != null ? pidsLimit : defaults.pidsLimit();
        int files = nofile != null ? nofile : defaults.nofile();
        if (pids < MIN_PIDS) {
            throw dev.arena.ArenaException.usage("the pids limit (--pids-limit, in the cluster arena-config pids-limit) must be at least " + MIN_PIDS);
        }
        if (files < MIN_NOFILE) {
            throw dev.arena.ArenaException.usage("the open-files limit (--nofile, in the cluster arena-config nofile) must be at least " + MIN_NOFILE);
        }
        EvalSettings settings = new EvalSettings(chosenAgent, model, iterations, timeout, Sizes.parseBytes(memory),
                cpus, network, BuildArgs.resolve(System.getenv(BuildArgs.ENV), buildArgs), modelBaseUrl, pids, files, vertexLocation(),
                buildTimeout(this.buildTimeout));
        Agents.create(settings); // unknown agent or unusable settings: fail before any work starts
        if (Agents.callsAModel(chosenAgent) && model != null) {
            ModelCatalog.load().warning(ModelRef.parse(model), java.time.LocalDate.now()).ifPresent(System.err::println);
        }
        return settings;
    }
}
