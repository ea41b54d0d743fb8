package dev.arena.agent.gladiator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies line edits whose line numbers all refer to the file as it was before the call, in
 * whatever order the model listed them: edits are applied from the bottom up, so an edit never
 * shifts the lines a later one points at. Keeps the file's line ending style and whether it
 * ended with a newline.
 */
final class LineEdits {
    enum Type { REPLACE, INSERT, DELETE }

    /** {@code insert} puts {@code content} before line {@code line} (one past the end appends). */
    record Edit(Type type, int line, String content) {
    }

    private LineEdits() {
    }

    static String apply(String original, List<Edit> edits) throws ToolException {
        String eol = original.contains("\r\n") ? "\r\n" : "\n";
        boolean finalNewline = original.endsWith(eol);
        String body = finalNewline ? original.substring(0, original.length() - eol.length()) : original;
        List<String> lines = new ArrayList<>(body.isEmpty() && !finalNewline ? List.of() : List.of(body.split(eol, -1)));
        int count = lines.size();
        check(edits, count);

        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < edits.size(); i++) {
            order.add(i);
        }
        // bottom-up; on the same line the replace/delete goes first so inserts land before it,
        // and inserts run in reverse so they end up in the order given
        order.sort(Comparator.<Integer>comparingInt(i -> -edits.get(i).line())
                .thenComparingInt(i -> edits.get(i).type() == Type.INSERT ? 1 : 0)
                .thenComparingInt(i -> -i));
        for (int i : order) {
            Edit e = edits.get(i);
            int at = e.line() - 1;
            switch (e.type()) {
                case DELETE -> lines.remove(at);
                case REPLACE -> {
                    lines.remove(at);
                    lines.addAll(at, split(e.content(), eol));
                }
                case INSERT -> lines.addAll(at, split(e.content(), eol));
            }
        }
        String joined = String.join(eol, lines);
        return lines.isEmpty() ? "" : finalNewline || count == 0 ? joined + eol : joined;
    }

    private static void check(List<Edit> edits, int count) throws ToolException {
        if (edits.isEmpty()) {
            throw new ToolException("line_edits is empty: give at least one edit");
        }
        List<Integer> changed = new ArrayList<>();
        for (Edit e : edits) {
            int last = e.type() == Type.INSERT ? count + 1 : count;
            if (e.line() < 1 || e.line() > last) {
                throw new ToolException(e.type().name().toLowerCase() + " at line " + e.line() + " is outside the file, which has "
                        + count + " line(s)" + (e.type() == Type.INSERT ? " (insert accepts 1.." + last + ")" : ""));
            }
            if (e.type() != Type.INSERT) {
                if (changed.contains(e.line())) {
                    throw new ToolException("line " + e.line() + " is replaced or deleted more than once in one call");
                }
                changed.add(e.line());
            }
        }
    }

    /** The lines of an edit's content; one trailing newline ends the last line rather than adding an empty one. */
    private static List<String> split(String content, String eol) {
        String text = content.replace("\r\n", "\n");
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        return List.of(text.split("\n", -1));
    }
}
