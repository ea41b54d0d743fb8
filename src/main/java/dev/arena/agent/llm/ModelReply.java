package dev.arena.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What the model answered: its text, the tools it wants called (none means it is done), the tokens
 * used, and any thinking blocks the API wants back with this turn (see {@link Turn.Assistant}).
 */
public record ModelReply(String text, List<Turn.ToolCall> toolCalls, TokenUsage usage, String finishReason, List<JsonNode> thinking) {
    public ModelReply {
        text = text == null ? "" : text;
        toolCalls = List.copyOf(toolCalls);
        thinking = thinking == null ? List.of() : List.copyOf(thinking);
    }

    public ModelReply(String text, List<Turn.ToolCall> toolCalls, TokenUsage usage, String finishReason) {
        this(text, toolCalls, usage, finishReason, List.of());
    }

    public Turn.Assistant asTurn() {
        return new Turn.Assistant(text, toolCalls, thinking);
    }
}
