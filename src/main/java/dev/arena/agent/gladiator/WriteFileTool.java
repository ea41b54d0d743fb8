package dev.arena.agent.gladiator;

import dev.arena.agent.llm.ToolSpec;

/** write_file: creates a file or replaces its whole content. */
final class WriteFileTool implements Tool {
    private final Workspace workspace;

    WriteFileTool(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public ToolSpec spec() {
        return ToolSchema.tool("write_file", "Create a file, or replace everything in an existing one, with the given content."
                        + " Missing folders are created. The content is written exactly as given.")
                .string("file_path", "Path of the file, relative to /app.", true)
                .string("content", "The complete new content of the file.", true)
                .build();
    }

    @Override
    public String run(ToolArgs args) throws ToolException, InterruptedException {
        String path = Workspace.path(args.string("file_path"));
        if (path.equals("/app")) {
            throw new ToolException("file_path names /app itself, not a file");
        }
        String content = args.string("content");
        workspace.writeText(path, content);
        return "Wrote " + content.length() + " characters to " + Workspace.shown(path) + ".";
    }
}
