package dev.arena.cli;

import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.ModelRef;
import dev.arena.agent.llm.Provider;
import dev.arena.config.Settings;
import dev.arena.agent.llm.Budget;
import dev.arena.eval.Agents;
import dev.arena.config.BuildArgs;
import dev.arena.config.Durations;
import dev.arena.config.Sizes;
import dev.arena.eval.EvalDefaults;
import dev.arena.eval.EvalSettings;
import dev.arena.agent.llm.ReasoningEffort;
import dev.arena.result.ModelSettings;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options of an evaluation, shared by {@code run} and {@code evaluate}. */
final class EvalOptions {
    static final String MISSING_AGENT = "missing --agent (gladiator, oracle or null)";
    /** Below these a task's own test runner (a shell, git, a test framework) cannot start. */
    static final long MIN_PIDS = 32;
    static final int MIN_NOFILE = 64;

    @Option(names = "--agent", paramLabel = "NAME", description = "Agent to evaluate: gladiator (an LLM agent with tools; needs --model),"
            + " claude-code or codex (the vendor's CLI in the sandbox behind arena's model gateway; needs --model;"
            + " NAME@VERSION for another than the pinned version),"
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

    @Option(names = "--network", paramLabel = "MODE",
            description = "Network of the agent's container: bridge (the internet), internal (a network of its own per"
                    + " attempt: only arena's model gateway, not even the host's other addresses when arena runs as root) or none"
                    + " (default: internal for claude-code and codex, bridge for the others); the grading container's comes"
                    + " from the dataset's arena.json (none by default).")
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

    @Option(names = "--max-tokens-per-task", paramLabel = "N",
            description = "Most tokens (input, output, cache reads and writes) one attempt of gladiator, claude-code or codex may"
                    + " spend; arena refuses the model calls after that and the work so far is graded (default: no cap).")
    String maxTokensPerTask;

    @Option(names = "--max-cost-per-task", paramLabel = "USD",
            description = "Most USD one attempt of gladiator, claude-code or codex may spend, priced from the model catalog (an"
                    + " unpriced model is refused); the work so far is graded (default: no cap).")
    String maxCostPerTask;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Sampling temperature of the gladiator's model, 0 to 2 (default: not sent, the API's own).")
    String temperature;

    @Option(names = "--max-output-tokens", paramLabel = "N",
            description = "Most tokens of one model answer, reasoning included (default: not sent to OpenAI-compatible APIs,"
                    + " 16000 for Anthropic).")
    String maxOutputTokens;

    @Option(names = "--reasoning-effort", paramLabel = "LEVEL",
            description = "How hard the model thinks: minimal, low, medium or high (default: not sent; for Anthropic it turns on"
                    + " extended thinking, see README).")
    String reasoningEffort;

    @Option(names = "--system-prompt-file", paramLabel = "FILE",
            description = "UTF-8 file whose text replaces the gladiator's system prompt (recorded as its sha256).")
    Path systemPromptFile;

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
    /** {@code --network}, else the agent's default: a CLI agent needs only arena's gateway, so it gets nothing else. */
    static String network(String flag, String agent) {
        return flag != null ? flag : Agents.isCli(agent) ? "internal" : "bridge";
    }

    EvalSettings toSettings(EvalDefaults defaults) {
        String chosenAgent = agent != null ? agent : defaults.agent();
        if (chosenAgent == null) {
            throw dev.arena.ArenaException.usage(MISSING_AGENT);
        }
        int iterations = maxIterations != null ? maxIterations : defaults.maxIterations();
        java.time.Duration timeout = taskTimeout != null ? Durations.parse(taskTimeout) : defaults.taskTimeout();
        String network = network(this.network, chosenAgent);
        if (!dev.arena.run.PlanValidator.NETWORKS.contains(network)) {
            throw dev.arena.ArenaException.usage("--network must be bridge, internal or none, not '" + network + "'");
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
        String systemPrompt = systemPrompt();
        ModelSettings modelSettings = modelSettings(systemPrompt);
        if (!modelSettings.isEmpty() && !Agents.callsAModel(chosenAgent)) {
            throw dev.arena.ArenaException.usage("--temperature, --max-output-tokens, --reasoning-effort and --system-prompt-file"
                    + " are for agents with a model (gladiator), not " + chosenAgent);
        }
        Budget budget = taskBudget(maxTokensPerTask, maxCostPerTask);
        if (!budget.equals(Budget.NONE) && !Agents.callsAModel(chosenAgent)) {
            throw dev.arena.ArenaException.usage("--max-tokens-per-task and --max-cost-per-task are for the agents that call a model"
                    + " (gladiator, claude-code, codex), not " + chosenAgent);
        }
        EvalSettings settings = EvalSettings.builder().agent(chosenAgent).model(model).maxIterations(iterations)
                .taskTimeout(timeout).memoryBytes(Sizes.parseBytes(memory)).cpus(cpus).network(network)
                .buildArgs(BuildArgs.resolve(System.getenv(BuildArgs.ENV), buildArgs)).modelBaseUrl(modelBaseUrl)
                .pidsLimit(pids).nofile(files).vertexLocation(vertexLocation()).buildTimeout(buildTimeout(this.buildTimeout))
                .modelSettings(modelSettings).systemPrompt(systemPrompt).taskBudget(budget).build();
        Agents.create(settings); // unknown agent or unusable settings: fail before any work starts
        if (Agents.callsAModel(chosenAgent) && model != null) {
            ModelCatalog.load().warning(ModelRef.parse(model), java.time.LocalDate.now()).ifPresent(System.err::println);
        }
        return settings;
    }

    /** The two per-attempt caps; each must be a positive number when given. */
    static Budget taskBudget(String tokens, String costUsd) {
        Long maxTokens = wholeNumber("--max-tokens-per-task", tokens, Long.MAX_VALUE);
        Double maxCost = decimal(costUsd, c -> c > 0 && !Double.isInfinite(c),
                "--max-cost-per-task must be a number of USD above 0, not '" + costUsd + "'");
        return new Budget(maxTokens, maxCost);
    }

    /** {@code --max-cost} of {@code run}: a positive number of USD, null when not given. */
    static Double runCap(String costUsd) {
        return decimal(costUsd, c -> c > 0 && !Double.isInfinite(c), "--max-cost must be a number of USD above 0, not '" + costUsd + "'");
    }

    /** The model settings as given, each checked with a one-line message; unset ones stay null. */
    ModelSettings modelSettings(String systemPrompt) {
        Double t = decimal(temperature, v -> v >= 0 && v <= ModelSettings.MAX_TEMPERATURE,
                "--temperature must be a number from 0 to 2, not '" + temperature + "'");
        Long cap = wholeNumber("--max-output-tokens", maxOutputTokens, Integer.MAX_VALUE);
        ReasoningEffort effort = ReasoningEffort.parse(reasoningEffort);
        return new ModelSettings(t, cap == null ? null : cap.intValue(), effort == null ? null : effort.json(),
                systemPrompt == null ? null : ModelSettings.sha256(systemPrompt));
    }

    /** {@code value} as a whole number from 1 to {@code max}, null when not given; else one line naming {@code flag}. */
    private static Long wholeNumber(String flag, String value, long max) {
        if (value == null) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > max) {
            throw dev.arena.ArenaException.usage(flag + " must be a whole number of at least 1, not '" + value + "'");
        }
        return n;
    }

    /** {@code value} as a number that {@code valid} accepts (never NaN), null when not given; else {@code message}. */
    private static Double decimal(String value, java.util.function.DoublePredicate valid, String message) {
        if (value == null) {
            return null;
        }
        double d;
        try {
            d = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (Double.isNaN(d) || !valid.test(d)) {
            throw dev.arena.ArenaException.usage(message);
        }
        return d;
    }

    /** The text of --system-prompt-file, or null without it. */
    String systemPrompt() {
        if (systemPromptFile == null) {
            return null;
        }
        String text;
        try {
            byte[] bytes = Files.readAllBytes(systemPromptFile);
            if (bytes.length > EvalSettings.MAX_SYSTEM_PROMPT_BYTES) {
                throw dev.arena.ArenaException.usage("--system-prompt-file " + systemPromptFile + " is larger than "
                        + EvalSettings.MAX_SYSTEM_PROMPT_BYTES / 1024 + " KiB");
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw dev.arena.ArenaException.usage("--system-prompt-file " + systemPromptFile + " is not UTF-8 text");
        } catch (IOException e) {
            throw dev.arena.ArenaException.usage("cannot read --system-prompt-file " + systemPromptFile + ": " + reason(e));
        }
        if (text.isBlank()) {
            throw dev.arena.ArenaException.usage("--system-prompt-file " + systemPromptFile + " is empty");
        }
        return text;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : String.valueOf(e.getMessage());
    }
}
