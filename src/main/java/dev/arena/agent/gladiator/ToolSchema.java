package dev.arena.agent.gladiator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.agent.llm.ToolSpec;

/** Builds a tool's JSON schema a parameter at a time; every tool also takes an optional {@code explanation}. */
final class ToolSchema {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String name;
    private final String description;
    private final ObjectNode properties = NODES.objectNode();
    private final ArrayNode required = NODES.arrayNode();

    private ToolSchema(String name, String description) {
        this.name = name;
        this.description = description;
    }

    static ToolSchema tool(String name, String description) {
        return new ToolSchema(name, description);
    }

    ToolSchema string(String param, String what, boolean isRequired) {
        return add(param, NODES.objectNode().put("type", "string").put("description", what), isRequired);
    }

    ToolSchema integer(String param, String what, boolean isRequired) {
        return add(param, NODES.objectNode().put("type", "integer").put("description", what), isRequired);
    }

    ToolSchema bool(String param, String what, boolean isRequired) {
        return add(param, NODES.objectNode().put("type", "boolean").put("description", what), isRequired);
    }

    ToolSchema stringList(String param, String what, boolean isRequired) {
        ObjectNode schema = NODES.objectNode().put("type", "array").put("description", what);
        schema.putObject("items").put("type", "string");
        return add(param, schema, isRequired);
    }

    ToolSchema param(String param, ObjectNode schema, boolean isRequired) {
        return add(param, schema, isRequired);
    }

    private ToolSchema add(String param, ObjectNode schema, boolean isRequired) {
        properties.set(param, schema);
        if (isRequired) {
            required.add(param);
        }
        return this;
    }

    ToolSpec build() {
        ObjectNode schema = NODES.objectNode().put("type", "object");
        ObjectNode props = properties.deepCopy();
        props.putObject("explanation").put("type", "string")
                .put("description", "One sentence on why this call is made and how it helps the task.");
        schema.set("properties", props);
        schema.set("required", required.deepCopy());
        return new ToolSpec(name, description, schema);
    }
}
