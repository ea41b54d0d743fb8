package dev.arena.agent.gladiator;

import dev.arena.agent.llm.ToolSpec;
import dev.arena.sandbox.ExecResult;

import java.time.Duration;
import java.util.List;

/**
 * grep_search: regular expression search through every text file with GNU grep (binary files
 * skipped by {@code -I}), so it works in any Debian-based image without ripgrep.
 */
final class GrepSearchTool implements Tool {
    private static final int MAX_MATCHES = 50;
    private static final int MAX_LINE = 300;
    private final Workspace workspace;

    GrepSearchTool(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public ToolSpec spec() {
        return ToolSchema.tool("grep_search", "Search the contents of the workspace's text files for a regular expression (POSIX"
                        + " extended syntax, as grep -E; escape special characters to search for them literally). Returns matching"
                        + " lines as path:line:text, at most " + MAX_MATCHES + ". .git and node_modules are skipped.")
                .string("query", "The regular expression to search for.", true)
                .bool("case_sensitive", "Whether case must match (default false).", false)
                .string("include_pattern", "Glob of file names to search, e.g. '*.py'.", false)
                .string("exclude_pattern", "Glob of file names to skip.", false)
                .build();
    }

    @Override
    public String run(ToolArgs args) throws ToolException, InterruptedException {
        String query = args.string("query");
        if (query.isEmpty()) {
            throw new ToolException("query is empty");
        }
        StringBuilder command = new StringBuilder("grep -rnIE --exclude-dir=.git --exclude-dir=node_modules");
        if (!args.bool("case_sensitive", false)) {
            command.append(" -i");
        }
        String include = args.optionalString("include_pattern");
        if (include != null && !include.isBlank()) {
            command.append(" --include=").append(Workspace.quote(fileGlob(include)));
        }
        String exclude = args.optionalString("exclude_pattern");
        if (exclude != null && !exclude.isBlank()) {
            command.append(" --exclude=").append(Workspace.quote(fileGlob(exclude)));
        }
        command.append(" -e ").append(Workspace.quote(query)).append(" . | head -n 2000");
        ExecResult r = workspace.exec(command.toString(), Duration.ofSeconds(60));
        if (r.stderr().contains("grep:") && r.stdout().isEmpty()) {
            throw new ToolException(r.stderr().strip());
        }
        List<String> lines = r.stdout().lines().map(l -> l.startsWith("./") ? l.substring(2) : l)
                .map(l -> l.length() > MAX_LINE ? l.substring(0, MAX_LINE) + " [line cut]" : l).toList();
        if (lines.isEmpty()) {
            return "No matches for /" + query + "/.";
        }
        StringBuilder out = new StringBuilder();
        lines.stream().limit(MAX_MATCHES).forEach(l -> out.append(l).append('\n'));
        if (lines.size() > MAX_MATCHES) {
            out.append("[").append(lines.size() >= 2000 ? "2000 or more" : String.valueOf(lines.size()))
                    .append(" matches in all; narrow the search to see the rest]\n");
        }
        return workspace.cap(out.toString());
    }

    /** grep matches --include against file names only: a glob like "src/**\/*.py" keeps its last part. */
    private static String fileGlob(String glob) {
        String g = glob.strip();
        return g.substring(g.lastIndexOf('/') + 1);
    }
}
