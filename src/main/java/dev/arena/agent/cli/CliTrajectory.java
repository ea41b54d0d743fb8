package dev.arena.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.Json;
import dev.arena.agent.llm.TokenUsage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * trajectory.json (docs/TRAJECTORY.md, schema 1) written from a CLI's own event stream. The CLI
 * keeps its own time, so steps and calls carry no times; usage per step is there when the stream
 * reports it (Claude Code), and the totals are the gateway's, which metered every call.
 */
final class CliTrajectory {
    static final int SCHEMA = 1;
    /** As the gladiator's listing: longer results are kept once in {@code outputs}. */
    static final int LISTING_LIMIT = 2_000;
    static final int OUTPUT_LIMIT = 100_000;

    /** One model call as the stream shows it and the tool calls it asked for. */
    static final class Step {
        final int index;
        final TokenUsage usage;
        final StringBuilder text = new StringBuilder();
        final List<Call> calls = new ArrayList<>();

        Step(int index, TokenUsage usage) {
            this.index = index;
            this.usage = usage;
        }

        void text(String more) {
            if (!more.isEmpty()) {
                text.append(text.length() > 0 ? "\n" : "").append(more);
            }
        }

        Call call(String id, String name, JsonNode arguments) {
            Call call = new Call(id, name, arguments);
            calls.add(call);
            return call;
        }
    }

    static final class Call {
        private final String id;
        final String name;
        final JsonNode arguments;
        String result;
        boolean isError;

        Call(String id, String name, JsonNode arguments) {
            this.id = id;
            this.name = name;
            this.arguments = arguments;
        }

        String id() {
            return id;
        }

        Call result(String text, boolean error) {
            result = text;
            isError = error;
            return this;
        }
    }

    private CliTrajectory() {
    }

    /** The whole file; {@code stopReason} as in the schema, {@code error} the one line that ended the attempt or null. */
    static byte[] toJson(String agent, String model, String prompt, String stopReason, String error,
                         List<Step> steps, TokenUsage total, Double costUsd) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("schema", SCHEMA).put("agent", agent).put("model", model).put("stop_reason", stopReason).put("error", error);
        root.putNull("system"); // the CLI's own system prompt never leaves it
        root.put("prompt", prompt);
        root.set("usage", usage(total));
        if (costUsd == null) {
            root.putNull("cost_usd");
        } else {
            root.put("cost_usd", costUsd);
        }
        root.put("context_drops", 0);
        ArrayNode stepsNode = root.putArray("steps");
        ObjectNode outputs = Json.mapper().createObjectNode();
        for (Step step : steps) {
            ObjectNode s = stepsNode.addObject();
            s.put("index", step.index).putNull("started_at");
            s.putNull("seconds");
            if (step.usage == null) {
                s.putNull("usage");
            } else {
                s.set("usage", usage(step.usage));
            }
            s.put("assistant_text", step.text.toString());
            ArrayNode calls = s.putArray("tool_calls");
            for (Call call : step.calls) {
                ObjectNode c = calls.addObject().put("id", call.id).put("name", call.name);
                c.set("arguments", call.arguments == null || call.arguments.isMissingNode() ? Json.mapper().createObjectNode() : call.arguments);
                String result = call.result == null ? "" : call.result;
                if (result.length() > LISTING_LIMIT) {
                    String ref = "o" + (outputs.size() + 1);
                    outputs.put(ref, result.length() > OUTPUT_LIMIT
                            ? result.substring(0, OUTPUT_LIMIT) + "\n[arena: cut at " + OUTPUT_LIMIT + " characters]" : result);
                    c.put("result", result.substring(0, LISTING_LIMIT)).put("output_ref", ref);
                } else {
                    c.put("result", result).putNull("output_ref");
                }
                c.put("is_error", call.isError).putNull("seconds");
            }
        }
        root.set("outputs", outputs);
        try {
            return Json.mapper().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode usage(TokenUsage u) {
        return Json.mapper().createObjectNode().put("input_tokens", u.input()).put("output_tokens", u.output())
                .put("cache_read_tokens", u.cacheRead()).put("cache_write_tokens", u.cacheWrite());
    }
}
