package dev.arena.agent.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A tool offered to the model: its name, what it does, and its parameters as a JSON schema object. */
public record ToolSpec(String name, String description, ObjectNode parameters) {
}
