package dev.arena.agent.gladiator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.agent.llm.ToolSpec;
import dev.arena.agent.llm.Turn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gladiator's tools under IDE-Arena's names, and the one place a tool call is carried out.
 * Whatever goes wrong (unknown tool, malformed arguments, a failing command) comes back as an
 * error result for the model to read; only an interruption escapes.
 */
final class ToolBox {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final int outputLimit;

    ToolBox(Workspace workspace) {
        this.outputLimit = workspace.config().outputLimit();
        for (Tool tool : List.of(new ReadFileTool(workspace), new ListDirTool(workspace), new FileSearchTool(workspace),
                new GrepSearchTool(workspace), new CodebaseSearchTool(workspace), new RunTerminalCmdTool(workspace),
                new EditFileTool(workspace), new WriteFileTool(workspace), new SearchReplaceTool(workspace), new DeleteFileTool(workspace))) {
            tools.put(tool.spec().name(), tool);
        }
    }

    List<ToolSpec> specs() {
        return tools.values().stream().map(Tool::spec).toList();
    }

    Turn.ToolResult run(Turn.ToolCall call) throws InterruptedException {
        Tool tool = tools.get(call.name());
        if (tool == null) {
            return error(call, "there is no tool named '" + call.name() + "'; the tools are " + String.join(", ", tools.keySet()));
        }
        JsonNode arguments;
        try {
            arguments = JSON.readTree(call.arguments().isBlank() ? "{}" : call.arguments());
        } catch (JsonProcessingException e) {
            return error(call, "the arguments are not valid JSON (" + e.getOriginalMessage() + "); send one JSON object");
        }
        if (arguments == null || !arguments.isObject()) {
            return error(call, "the arguments must be a JSON object");
        }
        try {
            return new Turn.ToolResult(call.id(), Workspace.cap(tool.run(new ToolArgs(arguments)), outputLimit), false);
        } catch (ToolException e) {
            return error(call, e.getMessage());
        } catch (RuntimeException e) {
            return error(call, "the tool failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Turn.ToolResult error(Turn.ToolCall call, String message) {
        return new Turn.ToolResult(call.id(), Workspace.cap(message, outputLimit), true);
    }
}
