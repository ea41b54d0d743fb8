package dev.arena.agent.gladiator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.agent.llm.ToolSpec;
import dev.arena.sandbox.ExecResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * codebase_search: finds the files most related to a question without an embedding index:
 * the question's words are searched as fixed strings, and files rank by how many different
 * words they contain, then by how often. Good enough to find where a concept lives.
 */
final class CodebaseSearchTool implements Tool {
    private static final int MAX_FILES = 10;
    private static final int LINES_PER_FILE = 4;
    private static final Set<String> COMMON = Set.of("the", "and", "for", "that", "this", "with", "from", "how", "what", "where",
            "when", "which", "does", "are", "is", "code", "into", "work", "works", "used", "use", "there", "handled", "happens");
    private final Workspace workspace;

    CodebaseSearchTool(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public ToolSpec spec() {
        return ToolSchema.tool("codebase_search", "Find the code most relevant to a question or a few keywords. Ranks files by how"
                        + " many of the query's words they contain and shows a few matching lines of each. Good for a first look;"
                        + " use grep_search for exact patterns.")
                .string("query", "What you are looking for, e.g. 'where are cache entries evicted'.", true)
                .stringList("target_directories", "Folders (relative to /app) to search in; empty for the whole workspace.", false)
                .build();
    }

    @Override
    public String run(ToolArgs args) throws ToolException, InterruptedException {
        Set<String> words = words(args.string("query"));
        if (words.isEmpty()) {
            throw new ToolException("the query has no words to search for");
        }
        List<String> dirs = new ArrayList<>();
        for (JsonNode d : args.list("target_directories")) {
            if (!d.asText().isBlank()) {
                dirs.add(Workspace.quote("./" + Workspace.shown(Workspace.path(d.asText()))));
            }
        }
        StringBuilder command = new StringBuilder("grep -rniIF --exclude-dir=.git --exclude-dir=node_modules");
        words.forEach(w -> command.append(" -e ").append(Workspace.quote(w)));
        command.append(' ').append(dirs.isEmpty() ? "." : String.join(" ", dirs)).append(" 2>/dev/null | head -n 20000");
        ExecResult r = workspace.exec(command.toString(), Duration.ofSeconds(90));

        Map<String, FileHits> files = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            String file = parts[0].startsWith("./") ? parts[0].substring(2) : parts[0];
            FileHits hits = files.computeIfAbsent(file, f -> new FileHits());
            String lower = parts[2].toLowerCase(Locale.ROOT);
            words.stream().filter(lower::contains).forEach(hits.words::add);
            hits.count++;
            if (hits.lines.size() < LINES_PER_FILE) {
                String text = parts[2].strip();
                hits.lines.add(parts[1] + ": " + (text.length() > 200 ? text.substring(0, 200) + " ..." : text));
            }
        }
        if (files.isEmpty()) {
            return "Nothing in the workspace mentions " + String.join(", ", words) + ".";
        }
        StringBuilder out = new StringBuilder("Files most related to the query (" + files.size() + " mention its words):\n");
        files.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, FileHits>>comparingInt(e -> -e.getValue().words.size())
                        .thenComparingInt(e -> -e.getValue().count))
                .limit(MAX_FILES)
                .forEach(e -> {
                    out.append('\n').append(e.getKey()).append(" (").append(e.getValue().words.size()).append(" of ").append(words.size())
                            .append(" words, ").append(e.getValue().count).append(" lines)\n");
                    e.getValue().lines.forEach(l -> out.append("  ").append(l).append('\n'));
                });
        return workspace.cap(out.toString());
    }

    static Set<String> words(String query) {
        Set<String> words = new LinkedHashSet<>();
        for (String w : query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_]+")) {
            if (w.length() >= 3 && !COMMON.contains(w)) {
                words.add(w);
            }
        }
        return words;
    }

    private static final class FileHits {
        final Set<String> words = new LinkedHashSet<>();
        final List<String> lines = new ArrayList<>();
        int count;
    }
}
