package dev.arena.agent.gladiator;

import dev.arena.agent.llm.ToolSpec;

/** search_replace: replaces one exact, unique snippet of a file. */
final class SearchReplaceTool implements Tool {
    private final Workspace workspace;

    SearchReplaceTool(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public ToolSpec spec() {
        return ToolSchema.tool("search_replace", "Replace one snippet of a file with another. old_string must occur exactly once in the"
                        + " file, character for character, whitespace and indentation included; add surrounding lines to make it unique.")
                .string("file_path", "Path of the file, relative to /app.", true)
                .string("old_string", "The exact text to replace.", true)
                .string("new_string", "The text to put in its place.", true)
                .build();
    }

    @Override
    public String run(ToolArgs args) throws ToolException, InterruptedException {
        String path = Workspace.path(args.string("file_path"));
        String oldString = args.string("old_string");
        String newString = args.string("new_string");
        if (oldString.isEmpty()) {
            throw new ToolException("old_string is empty; use write_file to create a file");
        }
        String text = workspace.readText(path);
        int first = text.indexOf(oldString);
        if (first < 0) {
            throw new ToolException("old_string was not found in " + Workspace.shown(path)
                    + "; read the file again and copy the text exactly");
        }
        if (text.indexOf(oldString, first + 1) >= 0) {
            throw new ToolException("old_string occurs more than once in " + Workspace.shown(path) + "; include more context to make it unique");
        }
        workspace.writeText(path, text.substring(0, first) + newString + text.substring(first + oldString.length()));
        return "Replaced 1 occurrence in " + Workspace.shown(path) + ".";
    }
}
