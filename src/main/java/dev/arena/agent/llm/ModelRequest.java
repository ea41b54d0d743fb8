package dev.arena.agent.llm;

import java.util.List;

/** What one model call sends: the system prompt, the conversation so far, the tools, an output cap. */
public record ModelRequest(String system, List<Turn> turns, List<ToolSpec> tools, int maxOutputTokens) {
    public ModelRequest {
        turns = List.copyOf(turns);
        tools = List.copyOf(tools);
    }
}
