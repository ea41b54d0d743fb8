package dev.arena.agent.llm;

/**
 * The operator's model settings for every call of a run. A null field is not sent at all, so the
 * API's default applies and the request is what it was before these settings existed.
 *
 * @param temperature     sampling temperature
 * @param maxOutputTokens cap on one answer, reasoning included (replaces the request's default cap)
 * @param reasoningEffort how hard to think; see {@link ReasoningEffort} for what each API receives
 */
public record Sampling(Double temperature, Integer maxOutputTokens, ReasoningEffort reasoningEffort) {
    public static final Sampling NONE = new Sampling(null, null, null);
}
