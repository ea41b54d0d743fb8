package dev.arena.eval.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Turns raw console output into clean lines the parsers can match, and reads counts safely. */
final class ConsoleLines {

    // CSI (colours, cursor moves), OSC (titles, hyperlinks; kept to one line) and two-byte escapes.
    private static final Pattern ANSI = Pattern.compile(
            "\u001B\\[[0-?]*+[ -/]*+[@-~]|\u001B\\][^\u0007\u001B\n]*(?:\u0007|\u001B\\\\)?|\u001B[@-_]?");
    // Result lines are short; skipping huge ones keeps matching cheap on pathological output.
    static final int MAX_LINE = 4096;

    private ConsoleLines() {
    }

    /** ANSI-free lines without trailing whitespace; a lone CR (progress redraws) also ends a line. */
    static List<String> of(String output) {
        if (output == null || output.isEmpty()) {
            return List.of();
        }
        String clean = output.indexOf('\u001B') < 0 ? output : ANSI.matcher(output).replaceAll("");
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= clean.length(); i++) {
            char c = i < clean.length() ? clean.charAt(i) : '\n';
            if (c == '\n' || c == '\r') {
                if (i - start <= MAX_LINE) {
                    lines.add(clean.substring(start, i).stripTrailing());
                }
                if (c == '\r' && i + 1 < clean.length() && clean.charAt(i + 1) == '\n') {
                    i++; // CRLF is one break
                }
                start = i + 1;
            }
        }
        return lines;
    }

    /**
     * The text up to the first whitespace outside square brackets, so a parametrized test id keeps its
     * spaces: "t.py::test_a[1 2] - msg" gives "t.py::test_a[1 2]".
     */
    static String firstToken(String text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']' && depth > 0) {
                depth--;
            } else if (depth == 0 && Character.isWhitespace(c)) {
                return text.substring(0, i);
            }
        }
        return text;
    }

    /** Parses a run of digits, saturating instead of throwing on absurd numbers. */
    static int count(String digits) {
        return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    static int add(int a, int b) {
        return (int) Math.min(Integer.MAX_VALUE, (long) a + b);
    }
}
