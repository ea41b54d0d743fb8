package dev.arena.agent;

import dev.arena.agent.llm.Budget;
import dev.arena.result.ModelSettings;

/**
 * What an agent is configured with for a run: its name, the model it calls (null for agents
 * without one), where that model lives when not at its provider's usual address, its limit
 * of iterations, the Vertex AI location of a {@code vertex_ai/} model (else null), how the model
 * is asked to answer, the system prompt to use instead of the agent's own (null: its own), and
 * what one attempt may spend at the model gateway (a CLI agent's budget).
 * Taken from the run plan, so every attempt of a run gets the same.
 */
public record AgentSettings(String name, String model, String modelBaseUrl, int maxIterations, String vertexLocation,
                            ModelSettings modelSettings, String systemPrompt, Budget budget) {
    public AgentSettings {
        modelSettings = modelSettings == null ? ModelSettings.NONE : modelSettings;
        budget = budget == null ? Budget.NONE : budget;
    }

    /** Without a budget. */
    public AgentSettings(String name, String model, String modelBaseUrl, int maxIterations, String vertexLocation,
                         ModelSettings modelSettings, String systemPrompt) {
        this(name, model, modelBaseUrl, maxIterations, vertexLocation, modelSettings, systemPrompt, Budget.NONE);
    }

    /** With the model's own defaults and the agent's own system prompt. */
    public AgentSettings(String name, String model, String modelBaseUrl, int maxIterations, String vertexLocation) {
        this(name, model, modelBaseUrl, maxIterations, vertexLocation, ModelSettings.NONE, null);
    }

    public AgentSettings(String name, String model, String modelBaseUrl, int maxIterations) {
        this(name, model, modelBaseUrl, maxIterations, null);
    }
}
