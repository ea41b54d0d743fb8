package dev.arena.agent.llm;

import java.util.List;

/**
 * What one model call sends: the system prompt, the conversation so far, the tools, a default
 * output cap (for the APIs that need one) and the operator's {@link Sampling} settings.
 */
public record ModelRequest(String system, List<Turn> turns, List<ToolSpec> tools, int maxOutputTokens, Sampling sampling) {
    public ModelRequest {
        turns = List.copyOf(turns);
        tools = List.copyOf(tools);
        sampling = sampling == null ? Sampling.NONE : sampling;
    }

    /** Without model settings: every API default applies. */
    public ModelRequest(String system, List<Turn> turns, List<ToolSpec> tools, int maxOutputTokens) {
        this(system, turns, tools, maxOutputTokens, Sampling.NONE);
    }
}
