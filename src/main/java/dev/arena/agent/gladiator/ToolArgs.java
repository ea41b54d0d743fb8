package dev.arena.agent.gladiator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A tool call's arguments with typed access. Models send numbers as strings and booleans as
 * "true" often enough that both are accepted; anything else is a {@link ToolException} that
 * tells the model which argument was wrong.
 */
final class ToolArgs {
    private final JsonNode node;

    ToolArgs(JsonNode node) {
        this.node = node;
    }

    String string(String name) throws ToolException {
        String value = optionalString(name);
        if (value == null) {
            throw new ToolException("missing required argument '" + name + "'");
        }
        return value;
    }

    /** The value, or null when absent; an empty string counts as given. */
    String optionalString(String name) throws ToolException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new ToolException("argument '" + name + "' must be a string");
        }
        return v.asText();
    }

    boolean bool(String name, boolean fallback) throws ToolException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String text = v.asText().strip().toLowerCase();
        if (text.equals("true") || text.equals("false")) {
            return text.equals("true");
        }
        throw new ToolException("argument '" + name + "' must be true or false, not " + v);
    }

    Integer integer(String name) throws ToolException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.intValue();
        }
        try {
            return Integer.parseInt(v.asText().strip());
        } catch (NumberFormatException e) {
            throw new ToolException("argument '" + name + "' must be a whole number, not " + v);
        }
    }

    /** An array argument's elements; a lone value counts as a one-element list. */
    List<JsonNode> list(String name) {
        JsonNode v = node.get(name);
        List<JsonNode> items = new ArrayList<>();
        if (v == null || v.isNull()) {
            return items;
        }
        if (v.isArray()) {
            v.forEach(items::add);
        } else {
            items.add(v);
        }
        return items;
    }
}
