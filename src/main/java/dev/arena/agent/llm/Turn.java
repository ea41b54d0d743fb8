package dev.arena.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One message of a conversation with a model, in arena's own terms; each client translates to
 * its API. A conversation is: the task as a {@link User} turn, then pairs of an
 * {@link Assistant} turn with tool calls and the {@link ToolResults} that answer them.
 */
public sealed interface Turn {
    /** Rough size for context budgeting: characters of everything the model reads. */
    int chars();

    record User(String text) implements Turn {
        @Override
        public int chars() {
            return text.length();
        }
    }

    /**
     * @param thinking the model's thinking blocks exactly as the API sent them (Anthropic with
     *                 extended thinking), which that API needs back with the turn; empty otherwise
     */
    record Assistant(String text, List<ToolCall> toolCalls, List<JsonNode> thinking) implements Turn {
        public Assistant {
            text = text == null ? "" : text;
            toolCalls = List.copyOf(toolCalls);
            thinking = thinking == null ? List.of() : List.copyOf(thinking);
        }

        public Assistant(String text, List<ToolCall> toolCalls) {
            this(text, toolCalls, List.of());
        }

        @Override
        public int chars() {
            return text.length() + toolCalls.stream().mapToInt(c -> c.name().length() + c.arguments().length() + 20).sum();
        }
    }

    record ToolResults(List<ToolResult> results) implements Turn {
        public ToolResults {
            results = List.copyOf(results);
        }

        @Override
        public int chars() {
            return results.stream().mapToInt(r -> r.content().length() + 20).sum();
        }
    }

    /**
     * A tool call as the model wrote it; {@code arguments} is its raw JSON text, possibly malformed.
     * {@code thoughtSignature} is Gemini's opaque token of its reasoning before the call, which
     * must go back unchanged with the call on the next request; null when the model sent none.
     */
    record ToolCall(String id, String name, String arguments, String thoughtSignature) {
        public ToolCall(String id, String name, String arguments) {
            this(id, name, arguments, null);
        }
    }

    record ToolResult(String callId, String content, boolean isError) {
    }
}
