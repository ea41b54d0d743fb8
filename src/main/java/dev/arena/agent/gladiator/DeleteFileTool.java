package dev.arena.agent.gladiator;

import dev.arena.agent.llm.ToolSpec;
import dev.arena.sandbox.ExecResult;

import java.time.Duration;

/** delete_file: removes one file (never a folder). */
final class DeleteFileTool implements Tool {
    private final Workspace workspace;

    DeleteFileTool(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public ToolSpec spec() {
        return ToolSchema.tool("delete_file", "Delete a file from the workspace. Folders are not deleted.")
                .string("target_file", "Path of the file, relative to /app.", true)
                .build();
    }

    @Override
    public String run(ToolArgs args) throws ToolException, InterruptedException {
        String path = Workspace.path(args.string("target_file"));
        String q = Workspace.quote(path);
        ExecResult r = workspace.exec("if [ -d " + q + " ] && [ ! -L " + q + " ]; then echo 'is a folder' >&2; exit 3; fi; "
                + "if [ ! -e " + q + " ] && [ ! -L " + q + " ]; then echo 'not found' >&2; exit 4; fi; rm -f " + q, Duration.ofSeconds(30));
        if (r.exitCode() == 3) {
            throw new ToolException(Workspace.shown(path) + " is a folder; delete_file removes files only");
        }
        if (r.exitCode() == 4) {
            throw new ToolException("file not found: " + Workspace.shown(path));
        }
        if (!r.ok()) {
            throw new ToolException("cannot delete " + Workspace.shown(path) + ": " + r.output().strip());
        }
        return "Deleted " + Workspace.shown(path) + ".";
    }
}
