package dev.arena.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text operations on the values of a task description: dedenting, folding, quotes, lists, sections. */
final class BlockText {

    private static final Pattern TITLE = Pattern.compile("(?i)task:\\s*(.+)");
    private static final Pattern INSTRUCTIONS = Pattern.compile("(?i)instructions:\\s*(.*)");

    private BlockText() {
    }

    /**
     * Drops leading and trailing blank lines and the indent common to all other lines, so deeper relative
     * indentation (nested lists, code) survives.
     */
    static String dedent(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        int indent = Integer.MAX_VALUE;
        for (int i = from; i < to; i++) {
            if (!lines.get(i).isBlank()) {
                indent = Math.min(indent, indentOf(lines.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            String line = lines.get(i);
            out.append(i > from ? "\n" : "").append(line.isBlank() ? "" : line.substring(indent).stripTrailing());
        }
        return out.toString();
    }

    /** YAML {@code >} folding: single line breaks become spaces, blank lines become line breaks. */
    static String fold(String text) {
        StringBuilder out = new StringBuilder();
        boolean previousPlain = false;
        int blanks = 0;
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                blanks++;
                continue;
            }
            boolean indented = Character.isWhitespace(line.charAt(0));
            if (out.length() > 0) {
                out.append(blanks > 0 ? "\n".repeat(blanks) : previousPlain && !indented ? " " : "\n");
            }
            out.append(line);
            previousPlain = !indented;
            blanks = 0;
        }
        return out.toString();
    }

    static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1).replace("''", "'");
        }
        if (s.length() < 2 || !s.startsWith("\"") || !s.endsWith("\"")) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() - 1) {
                char next = s.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Tags as {@code [a, b]}, {@code a, b} or {@code - a} lines; items are unquoted, empty ones dropped. */
    static List<String> items(String inline, List<String> lines) {
        String all = (inline + "\n" + dedent(lines)).strip();
        if (all.startsWith("[")) {
            all = all.substring(1, all.endsWith("]") ? all.length() - 1 : all.length());
        }
        List<String> items = new ArrayList<>();
        for (String piece : all.split("[,\n]")) {
            String item = piece.strip();
            if (item.equals("-") || item.startsWith("- ")) {
                item = item.substring(1).strip();
            }
            item = unquote(item);
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return items;
    }

    /** The x of a {@code Task: x} first line, which block-form descriptions use as their title. */
    static String titleLine(String text) {
        Matcher m = TITLE.matcher(text.lines().findFirst().orElse("").strip());
        return m.matches() ? unquote(m.group(1).strip()) : null;
    }

    /** Everything after the first {@code Instructions:} line, dedented; null when there is none. */
    static String afterInstructions(String text) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = INSTRUCTIONS.matcher(lines.get(i).strip());
            if (m.matches()) {
                String first = m.group(1).strip();
                String rest = dedent(lines.subList(i + 1, lines.size()));
                String joined = first.isEmpty() ? rest : rest.isEmpty() ? first : first + "\n" + rest;
                return joined.isEmpty() ? null : joined;
            }
        }
        return null;
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && (line.charAt(n) == ' ' || line.charAt(n) == '\t')) {
            n++;
        }
        return n;
    }
}
