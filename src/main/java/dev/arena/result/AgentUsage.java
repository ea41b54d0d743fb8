package dev.arena.result;

/** What an agent consumed. {@code costUsd} is null when the model has no known price, never a fake 0. */
public record AgentUsage(int iterations, long inputTokens, long outputTokens, Double costUsd) {
    public static final AgentUsage NONE = new AgentUsage(0, 0, 0, null);
}
