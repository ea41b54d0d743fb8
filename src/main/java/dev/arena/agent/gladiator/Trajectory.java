package dev.arena.agent.gladiator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.arena.Json;
import dev.arena.agent.llm.ModelReply;
import dev.arena.agent.llm.TokenUsage;
import dev.arena.agent.llm.Turn;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the model saw and did in one attempt, written as {@code trajectory.json} (schema
 * in docs/TRAJECTORY.md). Tool results longer than the listing limit are kept whole, once, in
 * {@code outputs} and referenced from the step.
 */
final class Trajectory {
    static final int SCHEMA = 1;
    static final int LISTING_LIMIT = 2_000;
    private static final ObjectMapper PLAIN = new ObjectMapper();

    record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
        static Usage of(TokenUsage u) {
            return new Usage(u.input(), u.output(), u.cacheRead(), u.cacheWrite());
        }
    }

    record Call(String id, String name, JsonNode arguments, String result, String outputRef, boolean isError, double seconds) {
    }

    record Step(int index, Instant startedAt, double seconds, Usage usage, String assistantText, List<Call> toolCalls) {
    }

    record File(int schema, String agent, String model, StopReason stopReason, String error, String system, String prompt,
                Usage usage, Double costUsd, int contextDrops, List<Step> steps, Map<String, String> outputs) {
    }

    private final String agent;
    private final String model;
    private final String system;
    private final String prompt;
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private StopReason stopReason;
    private String error;

    Trajectory(String agent, String model, String system, String prompt) {
        this.agent = agent;
        this.model = model;
        this.system = system;
        this.prompt = prompt;
    }

    /** Records a model call; the returned list takes its tool calls as they are carried out. */
    List<Call> step(Instant startedAt, double seconds, ModelReply reply) {
        List<Call> calls = new ArrayList<>();
        steps.add(new Step(steps.size() + 1, startedAt, seconds, Usage.of(reply.usage()), reply.text(), calls));
        return calls;
    }

    void call(List<Call> calls, Turn.ToolCall call, Turn.ToolResult result, double seconds) {
        String text = result.content();
        String ref = null;
        if (text.length() > LISTING_LIMIT) {
            ref = "o" + (outputs.size() + 1);
            outputs.put(ref, text);
            text = text.substring(0, LISTING_LIMIT) + "\n[... see outputs." + ref + "]";
        }
        calls.add(new Call(call.id(), call.name(), arguments(call.arguments()), text, ref, result.isError(), seconds));
    }

    void end(StopReason reason, String errorMessage) {
        stopReason = reason;
        error = errorMessage;
    }

    byte[] toJson(TokenUsage total, Double costUsd, int contextDrops) {
        try {
            return Json.mapper().writeValueAsBytes(new File(SCHEMA, agent, model, stopReason, error, system, prompt,
                    Usage.of(total), costUsd, contextDrops, steps, outputs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the trajectory", e);
        }
    }

    /** The arguments as an object when they parse, else as the text the model sent. */
    private static JsonNode arguments(String raw) {
        try {
            JsonNode node = PLAIN.readTree(raw);
            return node == null ? TextNode.valueOf(raw) : node;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(raw);
        }
    }
}
