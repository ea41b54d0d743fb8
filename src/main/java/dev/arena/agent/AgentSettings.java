package dev.arena.agent;

/**
 * What an agent is configured with for a run: its name, the model it calls (null for agents
 * without one), where that model lives when not at its provider's usual address, its limit
 * of iterations, and the Vertex AI location of a {@code vertex_ai/} model (else null). Taken
 * from the run plan, so every attempt of a run gets the same.
 */
public record AgentSettings(String name, String model, String modelBaseUrl, int maxIterations, String vertexLocation) {
    public AgentSettings(String name, String model, String modelBaseUrl, int maxIterations) {
        this(name, model, modelBaseUrl, maxIterations, null);
    }
}
