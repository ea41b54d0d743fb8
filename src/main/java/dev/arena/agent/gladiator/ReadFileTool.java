package dev.arena.agent.gladiator;

import dev.arena.agent.llm.ToolSpec;

/** read_file: a file's lines, numbered, whole or a range of them. */
final class ReadFileTool implements Tool {
    private static final int DEFAULT_RANGE = 250;
    private final Workspace workspace;

    ReadFileTool(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public ToolSpec spec() {
        return ToolSchema.tool("read_file", "Read a text file in the workspace. Lines come back numbered (the number, a tab, then the"
                        + " line) so line_edits of edit_file can refer to them; the numbers are not part of the file. Read the whole file,"
                        + " or a range of lines (1-indexed, end inclusive); a note says which lines were left out.")
                .string("target_file", "Path of the file, relative to /app.", true)
                .bool("should_read_entire_file", "true to read the whole file; false to read the given line range.", false)
                .integer("start_line_one_indexed", "First line to read (1-indexed).", false)
                .integer("end_line_one_indexed_inclusive", "Last line to read (inclusive).", false)
                .build();
    }

    @Override
    public String run(ToolArgs args) throws ToolException, InterruptedException {
        String path = Workspace.path(args.string("target_file"));
        Integer start = args.integer("start_line_one_indexed");
        Integer end = args.integer("end_line_one_indexed_inclusive");
        boolean entire = args.bool("should_read_entire_file", start == null && end == null);
        String text = workspace.readText(path);
        String[] lines = text.isEmpty() ? new String[0] : text.split("\r?\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        if (count == 0) {
            return "File " + Workspace.shown(path) + " is empty.";
        }
        int from = entire ? 1 : Math.max(1, start == null ? 1 : start);
        int to = entire ? count : Math.min(count, end == null ? from + DEFAULT_RANGE - 1 : end);
        if (from > count) {
            throw new ToolException("start line " + from + " is past the end of " + Workspace.shown(path) + ", which has " + count + " lines");
        }
        if (to < from) {
            throw new ToolException("end line " + to + " comes before start line " + from);
        }
        StringBuilder out = new StringBuilder();
        out.append("File ").append(Workspace.shown(path)).append(", lines ").append(from).append('-').append(to).append(" of ").append(count);
        if (!text.endsWith("\n")) {
            out.append(" (no newline at the end of the file)");
        }
        out.append(":\n");
        for (int i = from; i <= to; i++) {
            out.append(i).append('\t').append(lines[i - 1]).append('\n');
        }
        if (from > 1 || to < count) {
            out.append("[lines not shown: ").append(from > 1 ? "1-" + (from - 1) : "").append(from > 1 && to < count ? ", " : "")
                    .append(to < count ? (to + 1) + "-" + count : "").append("]\n");
        }
        return workspace.cap(out.toString());
    }
}
