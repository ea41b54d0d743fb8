package dev.arena.agent.gladiator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.agent.llm.ToolSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** edit_file: line edits (replace, insert, delete) whose line numbers refer to the file before the call. */
final class EditFileTool implements Tool {
    private final Workspace workspace;

    EditFileTool(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public ToolSpec spec() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode edit = nodes.objectNode().put("type", "object");
        ObjectNode props = edit.putObject("properties");
        props.putObject("type").put("type", "string").put("description", "replace, insert or delete")
                .putArray("enum").add("replace").add("insert").add("delete");
        props.putObject("line_number").put("type", "integer")
                .put("description", "1-indexed line in the file as it was before this call; insert puts content before it (line count + 1 appends)");
        props.putObject("content").put("type", "string").put("description", "The new line(s) for replace and insert; may span several lines");
        edit.putArray("required").add("type").add("line_number");
        ObjectNode list = nodes.objectNode().put("type", "array").put("description", "The edits, in any order.");
        list.set("items", edit);
        return ToolSchema.tool("edit_file", "Edit a text file by line numbers, as read_file shows them. Every line_number refers to the"
                        + " file as it was before this call, whatever the order of the edits, so read the file first. replace swaps"
                        + " one line for the content (several lines are fine), insert adds the content before a line, delete removes a line."
                        + " To create a file or rewrite it whole use write_file; to change a snippet by its text use search_replace.")
                .string("target_file", "Path of the file, relative to /app.", true)
                .string("instructions", "One sentence saying what the edit does.", false)
                .string("edit_type", "Always 'line_edits'.", false)
                .param("line_edits", list, true)
                .build();
    }

    @Override
    public String run(ToolArgs args) throws ToolException, InterruptedException {
        String path = Workspace.path(args.string("target_file"));
        String type = args.optionalString("edit_type");
        if (type != null && !type.isBlank() && !type.equals("line_edits")) {
            throw new ToolException("edit_type '" + type + "' is not supported: use 'line_edits', or write_file to replace the whole file");
        }
        List<LineEdits.Edit> edits = new ArrayList<>();
        for (JsonNode e : args.list("line_edits")) {
            edits.add(edit(e));
        }
        String before = workspace.readText(path);
        String after = LineEdits.apply(before, edits);
        workspace.writeText(path, after);
        long lines = after.isEmpty() ? 0 : after.split("\n", -1).length - (after.endsWith("\n") ? 1 : 0);
        return "Applied " + edits.size() + " line edit(s) to " + Workspace.shown(path) + "; it now has " + lines + " line(s).";
    }

    private static LineEdits.Edit edit(JsonNode e) throws ToolException {
        if (!e.isObject()) {
            throw new ToolException("each entry of line_edits must be an object with type, line_number and content");
        }
        String type = e.path("type").asText("").toUpperCase(Locale.ROOT);
        LineEdits.Type kind;
        try {
            kind = LineEdits.Type.valueOf(type);
        } catch (IllegalArgumentException ex) {
            throw new ToolException("line edit type must be replace, insert or delete, not '" + e.path("type").asText("") + "'");
        }
        Integer line = new ToolArgs(e).integer("line_number");
        if (line == null) {
            throw new ToolException("a line edit is missing line_number");
        }
        JsonNode content = e.get("content");
        if (kind != LineEdits.Type.DELETE && (content == null || content.isNull())) {
            throw new ToolException(kind.name().toLowerCase(Locale.ROOT) + " at line " + line + " needs content");
        }
        return new LineEdits.Edit(kind, line, content == null || content.isNull() ? "" : content.asText());
    }
}
