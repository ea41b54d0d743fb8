package dev.arena.eval;

import dev.arena.agent.AgentSettings;
import dev.arena.agent.llm.Budget;
import dev.arena.sandbox.ImageBuilder;
import dev.arena.result.ModelSettings;
import dev.arena.sandbox.SandboxSpec;

import java.time.Duration;
import java.util.Map;

/**
 * The limits and options of every attempt in a run. Part of the run plan, so a resumed run or
 * a pod evaluates with exactly what the operator asked for.
 *
 * @param taskTimeout  limit for one attempt from the start of its image build to the end of grading
 * @param network      network mode of the agent's container: "bridge", "internal" (a
 *                     {@link dev.arena.sandbox.SandboxNetwork} per attempt) or "none" (the grading
 *                     container's is the dataset's tests_network)
 * @param buildArgs    build arguments for dataset images (for example BASE_IMAGE)
 * @param modelBaseUrl where the model API lives when not at its provider's usual address; null
 *                     (also in run.json files written before it existed) means the usual one
 * @param pidsLimit    most processes of a task container; 0 (a run.json written before it existed)
 *                     means {@link #DEFAULT_PIDS_LIMIT}
 * @param nofile       open-files ulimit of a task container; 0 (a run.json written before it
 *                     existed) means {@link #DEFAULT_NOFILE}
 * @param vertexLocation where a {@code vertex_ai/} model is called (resolved when the run is
 *                     planned, so the pods need no settings of their own); null for other models
 * @param buildTimeout limit for building a dataset's image (within the task's own limit); null (a
 *                     run.json written before it existed) means {@link #DEFAULT_BUILD_TIMEOUT}
 * @param modelSettings how the model is asked to answer (temperature, output cap, reasoning effort,
 *                     the system prompt's hash); null (a run.json written before it existed) means none set
 * @param systemPrompt the gladiator's system prompt from --system-prompt-file, carried whole so a pod
 *                     uses the same text; null means the agent's built-in prompt
 * @param taskBudget   what one attempt of a CLI agent may spend at the model gateway
 *                     (--max-tokens-per-task, --max-cost-per-task); null (a run.json written before
 *                     it existed) means no cap
 */
public record EvalSettings(String agent, String model, int maxIterations, Duration taskTimeout,
                           long memoryBytes, double cpus, String network, Map<String, String> buildArgs,
                           String modelBaseUrl, long pidsLimit, int nofile, String vertexLocation, Duration buildTimeout,
                           ModelSettings modelSettings, String systemPrompt, Budget taskBudget) {
    public static final int DEFAULT_MAX_ITERATIONS = 35;
    public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofMinutes(30);
    public static final long DEFAULT_MEMORY = 4L << 30;
    public static final double DEFAULT_CPUS = 2.0;
    public static final long DEFAULT_PIDS_LIMIT = SandboxSpec.DEFAULT_PIDS_LIMIT;
    public static final int DEFAULT_NOFILE = SandboxSpec.DEFAULT_NOFILE;
    public static final Duration DEFAULT_BUILD_TIMEOUT = ImageBuilder.DEFAULT_TIMEOUT;
    /** Most bytes of a system prompt given with --system-prompt-file; it travels in run.json and every request. */
    public static final int MAX_SYSTEM_PROMPT_BYTES = 256 * 1024;

    public EvalSettings {
        buildArgs = buildArgs == null ? Map.of() : Map.copyOf(buildArgs);
        pidsLimit = pidsLimit > 0 ? pidsLimit : DEFAULT_PIDS_LIMIT;
        nofile = nofile > 0 ? nofile : DEFAULT_NOFILE;
        buildTimeout = buildTimeout != null ? buildTimeout : DEFAULT_BUILD_TIMEOUT;
        modelSettings = modelSettings == null ? ModelSettings.NONE : modelSettings;
        taskBudget = taskBudget == null ? Budget.NONE : taskBudget;
    }

    /**
     * Settings built by name, starting from what a caller that does not care would pass: no agent or model,
     * the default limits, a bridge network, no build arguments, and nothing else set.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, for "the same but with X". */
    public Builder toBuilder() {
        return new Builder().agent(agent).model(model).maxIterations(maxIterations).taskTimeout(taskTimeout)
                .memoryBytes(memoryBytes).cpus(cpus).network(network).buildArgs(buildArgs).modelBaseUrl(modelBaseUrl)
                .pidsLimit(pidsLimit).nofile(nofile).vertexLocation(vertexLocation).buildTimeout(buildTimeout)
                .modelSettings(modelSettings).systemPrompt(systemPrompt).taskBudget(taskBudget);
    }

    /** One setter per component, so two Durations or two numbers cannot swap places unnoticed. */
    public static final class Builder {
        private String agent;
        private String model;
        private int maxIterations = DEFAULT_MAX_ITERATIONS;
        private Duration taskTimeout = DEFAULT_TASK_TIMEOUT;
        private long memoryBytes = DEFAULT_MEMORY;
        private double cpus = DEFAULT_CPUS;
        private String network = "bridge";
        private Map<String, String> buildArgs = Map.of();
        private String modelBaseUrl;
        private long pidsLimit = DEFAULT_PIDS_LIMIT;
        private int nofile = DEFAULT_NOFILE;
        private String vertexLocation;
        private Duration buildTimeout = DEFAULT_BUILD_TIMEOUT;
        private ModelSettings modelSettings = ModelSettings.NONE;
        private String systemPrompt;
        private Budget taskBudget = Budget.NONE;

        private Builder() {
        }

        public Builder agent(String agent) {
            this.agent = agent;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder maxIterations(int maxIterations) {
            this.maxIterations = maxIterations;
            return this;
        }

        public Builder taskTimeout(Duration taskTimeout) {
            this.taskTimeout = taskTimeout;
            return this;
        }

        public Builder memoryBytes(long memoryBytes) {
            this.memoryBytes = memoryBytes;
            return this;
        }

        public Builder cpus(double cpus) {
            this.cpus = cpus;
            return this;
        }

        public Builder network(String network) {
            this.network = network;
            return this;
        }

        public Builder buildArgs(Map<String, String> buildArgs) {
            this.buildArgs = buildArgs;
            return this;
        }

        public Builder modelBaseUrl(String modelBaseUrl) {
            this.modelBaseUrl = modelBaseUrl;
            return this;
        }

        public Builder pidsLimit(long pidsLimit) {
            this.pidsLimit = pidsLimit;
            return this;
        }

        public Builder nofile(int nofile) {
            this.nofile = nofile;
            return this;
        }

        public Builder vertexLocation(String vertexLocation) {
            this.vertexLocation = vertexLocation;
            return this;
        }

        public Builder buildTimeout(Duration buildTimeout) {
            this.buildTimeout = buildTimeout;
            return this;
        }

        public Builder modelSettings(ModelSettings modelSettings) {
            this.modelSettings = modelSettings;
            return this;
        }

        public Builder systemPrompt(String systemPrompt) {
            this.systemPrompt = systemPrompt;
            return this;
        }

        public Builder taskBudget(Budget taskBudget) {
            this.taskBudget = taskBudget;
            return this;
        }

        /** The settings, through the canonical constructor (so null and 0 still mean the defaults, as in run.json). */
        public EvalSettings build() {
            return new EvalSettings(agent, model, maxIterations, taskTimeout, memoryBytes, cpus, network, buildArgs, modelBaseUrl,
                    pidsLimit, nofile, vertexLocation, buildTimeout, modelSettings, systemPrompt, taskBudget);
        }
    }

    /** The part of these settings the agent itself is configured with. */
    public AgentSettings agentSettings() {
        return new AgentSettings(agent, model, modelBaseUrl, maxIterations, vertexLocation, modelSettings, systemPrompt, taskBudget);
    }
}
