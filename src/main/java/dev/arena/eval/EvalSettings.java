package dev.arena.eval;

import dev.arena.agent.AgentSettings;

import java.time.Duration;
import java.util.Map;

/**
 * The limits and options of every attempt in a run. Part of the run plan, so a resumed run or
 * a pod evaluates with exactly what the operator asked for.
 *
 * @param taskTimeout  limit for one attempt from sandbox start to the end of grading
 * @param network      Docker network mode of the agent's container: "bridge" or "none" (the grading
 *                     container's is the dataset's tests_network)
 * @param buildArgs    build arguments for dataset images (for example BASE_IMAGE)
 * @param modelBaseUrl where the model API lives when not at its provider's usual address; null
 *                     (also in run.json files written before it existed) means the usual one
 */
public record EvalSettings(String agent, String model, int maxIterations, Duration taskTimeout,
                           long memoryBytes, double cpus, String network, Map<String, String> buildArgs,
                           String modelBaseUrl) {
    public static final int DEFAULT_MAX_ITERATIONS = 35;
    public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofMinutes(30);
    public static final long DEFAULT_MEMORY = 4L << 30;
    public static final double DEFAULT_CPUS = 2.0;

    public EvalSettings {
        buildArgs = buildArgs == null ? Map.of() : Map.copyOf(buildArgs);
    }

    /** The part of these settings the agent itself is configured with. */
    public AgentSettings agentSettings() {
        return new AgentSettings(agent, model, modelBaseUrl, maxIterations);
    }
}
