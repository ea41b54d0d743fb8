package dev.arena.agent.llm;

import java.util.List;

/** What the model answered: its text, the tools it wants called (none means it is done), and the tokens used. */
public record ModelReply(String text, List<Turn.ToolCall> toolCalls, TokenUsage usage, String finishReason) {
    public ModelReply {
        text = text == null ? "" : text;
        toolCalls = List.copyOf(toolCalls);
    }

    public Turn.Assistant asTurn() {
        return new Turn.Assistant(text, toolCalls);
    }
}
