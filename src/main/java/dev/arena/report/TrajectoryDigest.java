package dev.arena.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A trajectory.json (docs/TRAJECTORY.md) cut down for the page: the fields a reader steps
 * through, each text capped, and steps dropped once the trajectory's budget is spent (the first
 * step always stays). A tool result's full output ({@code output_ref}) comes along as
 * {@code full_result}, capped too.
 */
final class TrajectoryDigest {
    static final int TEXT_LIMIT = 4_000;
    static final int TOOL_LIMIT = 2_000;
    static final int FULL_OUTPUT_LIMIT = 8_000;

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final int budget;
    private int spent;

    private TrajectoryDigest(int budget) {
        this.budget = budget;
    }

    static ObjectNode of(JsonNode trajectory, int budget) {
        return new TrajectoryDigest(budget).digest(trajectory);
    }

    private ObjectNode digest(JsonNode t) {
        ObjectNode out = nodes.objectNode();
        out.put("stop_reason", t.path("stop_reason").asText(null));
        out.put("system", text(t.path("system"), TEXT_LIMIT));
        out.put("prompt", text(t.path("prompt"), TEXT_LIMIT));
        ArrayNode steps = out.putArray("steps");
        JsonNode all = t.path("steps");
        for (JsonNode step : all) {
            if (!steps.isEmpty() && spent > budget) {
                out.put("steps_left_out", all.size() - steps.size());
                break;
            }
            steps.add(step(step, t.path("outputs")));
        }
        return out;
    }

    private ObjectNode step(JsonNode s, JsonNode outputs) {
        ObjectNode out = nodes.objectNode();
        out.put("index", s.path("index").asInt());
        out.put("seconds", s.path("seconds").asDouble());
        out.set("usage", s.path("usage").isObject() ? s.get("usage") : nodes.objectNode());
        out.put("assistant_text", text(s.path("assistant_text"), TEXT_LIMIT));
        ArrayNode calls = out.putArray("tool_calls");
        for (JsonNode c : s.path("tool_calls")) {
            ObjectNode call = calls.addObject();
            call.put("name", c.path("name").asText(""));
            call.put("arguments", capped(c.path("arguments").isMissingNode() ? "" : c.path("arguments").toString(), TOOL_LIMIT));
            call.put("result", text(c.path("result"), TOOL_LIMIT));
            String ref = c.path("output_ref").asText(null);
            if (ref != null && outputs.has(ref)) {
                call.put("full_result", text(outputs.get(ref), FULL_OUTPUT_LIMIT));
            }
            call.put("is_error", c.path("is_error").asBoolean(false));
            call.put("seconds", c.path("seconds").asDouble());
        }
        return out;
    }

    private String text(JsonNode node, int limit) {
        return node.isNull() || node.isMissingNode() ? null : capped(node.isTextual() ? node.asText() : node.toString(), limit);
    }

    private String capped(String text, int limit) {
        String kept = Capped.head(text, limit);
        spent += kept.length();
        return kept;
    }
}
