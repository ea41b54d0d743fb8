package dev.arena.agent.gladiator;

import dev.arena.agent.llm.ToolSpec;
import dev.arena.sandbox.ExecResult;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * file_search: fuzzy search of file paths. Lists files with find (there in every image) and
 * ranks in the JVM: a match in the file name beats one in the folders, a substring beats
 * letters in order.
 */
final class FileSearchTool implements Tool {
    private static final int MAX_RESULTS = 30;
    static final String SKIPPED_DIRS = "-name .git -o -name node_modules";
    private final Workspace workspace;

    FileSearchTool(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public ToolSpec spec() {
        return ToolSchema.tool("file_search", "Find files by a fuzzy match against their paths (case-insensitive; .git and node_modules"
                        + " are skipped). Use it when you know part of a file name but not where it is. Shows at most " + MAX_RESULTS + " paths.")
                .string("query", "Part of the file name or path to look for.", true)
                .build();
    }

    @Override
    public String run(ToolArgs args) throws ToolException, InterruptedException {
        String query = args.string("query").strip().toLowerCase(Locale.ROOT);
        if (query.isEmpty()) {
            throw new ToolException("query is empty");
        }
        ExecResult r = workspace.exec("find . \\( " + SKIPPED_DIRS + " \\) -prune -o -type f -print", Duration.ofSeconds(60));
        if (r.timedOut()) {
            throw new ToolException("listing the files took too long");
        }
        Map<String, Integer> scored = r.stdout().lines().map(l -> l.startsWith("./") ? l.substring(2) : l)
                .collect(Collectors.toMap(p -> p, p -> score(p, query), (a, b) -> a));
        List<String> hits = scored.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue())
                        .thenComparingInt(e -> e.getKey().length()).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
        if (hits.isEmpty()) {
            return "No file path matches '" + query + "'.";
        }
        StringBuilder out = new StringBuilder(hits.size() + " file(s) match" + (hits.size() > MAX_RESULTS ? ", best " + MAX_RESULTS : "") + ":\n");
        hits.stream().limit(MAX_RESULTS).forEach(h -> out.append(h).append('\n'));
        return workspace.cap(out.toString());
    }

    static int score(String path, String query) {
        String p = path.toLowerCase(Locale.ROOT);
        String name = p.substring(p.lastIndexOf('/') + 1);
        if (name.equals(query)) {
            return 100;
        }
        if (name.contains(query)) {
            return 80;
        }
        if (p.contains(query)) {
            return 60;
        }
        int at = 0;
        for (char c : p.toCharArray()) {
            if (at < query.length() && c == query.charAt(at)) {
                at++;
            }
        }
        return at == query.length() ? 20 : 0;
    }
}
