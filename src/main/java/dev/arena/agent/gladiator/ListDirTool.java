package dev.arena.agent.gladiator;

import dev.arena.agent.llm.ToolSpec;
import dev.arena.sandbox.ExecResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** list_dir: the entries of one folder, folders first, with file sizes. */
final class ListDirTool implements Tool {
    private static final int MAX_ENTRIES = 500;
    private final Workspace workspace;

    ListDirTool(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public ToolSpec spec() {
        return ToolSchema.tool("list_dir", "List the files and folders directly inside a folder of the workspace, with file sizes."
                        + " Use it to get to know the project layout before reading files.")
                .string("relative_workspace_path", "Folder relative to /app; '.' or empty for /app itself.", true)
                .build();
    }

    @Override
    public String run(ToolArgs args) throws ToolException, InterruptedException {
        String given = args.optionalString("relative_workspace_path");
        String path = Workspace.path(given);
        String q = Workspace.quote(path);
        ExecResult r = workspace.exec("if [ ! -d " + q + " ]; then echo 'not-a-folder' >&2; exit 3; fi; "
                + "find " + q + " -mindepth 1 -maxdepth 1 -printf '%y %s %f\\n' | LC_ALL=C sort -k3", Duration.ofSeconds(60));
        if (r.exitCode() == 3) {
            throw new ToolException(Workspace.shown(path) + " is not a folder");
        }
        if (!r.ok()) {
            throw new ToolException("cannot list " + Workspace.shown(path) + ": " + r.output().strip());
        }
        List<String> dirs = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String[] parts = line.split(" ", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[0].equals("d")) {
                dirs.add("[dir]  " + parts[2] + "/");
            } else {
                files.add("[file] " + parts[2] + (parts[0].equals("f") ? " (" + parts[1] + " bytes)" : " (link or special)"));
            }
        }
        List<String> all = new ArrayList<>(dirs);
        all.addAll(files);
        if (all.isEmpty()) {
            return "Folder " + Workspace.shown(path) + " is empty.";
        }
        StringBuilder out = new StringBuilder("Contents of " + Workspace.shown(path) + " (" + all.size() + " entries):\n");
        all.stream().limit(MAX_ENTRIES).forEach(e -> out.append(e).append('\n'));
        if (all.size() > MAX_ENTRIES) {
            out.append("[").append(all.size() - MAX_ENTRIES).append(" more entries not shown]\n");
        }
        return workspace.cap(out.toString());
    }
}
