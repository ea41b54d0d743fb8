package dev.arena.eval.tests;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pytest: counts from the last summary line ({@code === 3 passed, 1 failed in 0.12s ===}), names from
 * {@code -rA} short-summary lines and {@code -v} lines. XFAIL counts as skipped and XPASS as passed, the way
 * pytest itself treats them unless strict.
 */
public final class PytestOutputParser implements TestOutputParser {

    private static final Pattern TIMED = Pattern.compile("(.*?) in \\d+(?:\\.\\d+)?s(?: \\([^)]*\\))?");
    private static final Pattern COUNT = Pattern.compile("(\\d+) ([a-z]+)");
    // "-rA" reports skips per location, not per test: "SKIPPED [2] tests/test_x.py:12: reason".
    private static final Pattern SKIP_GROUP = Pattern.compile("SKIPPED \\[(\\d+)\\] (\\S+?:\\d+):.*");
    private static final Pattern XDIST = Pattern.compile("\\[gw\\d+\\] \\[\\s*\\d+%\\] ");
    private static final Pattern PROGRESS = Pattern.compile(".*\\[\\s*\\d+%\\]");

    @Override
    public String format() {
        return "pytest";
    }

    @Override
    public Optional<TestReport> parse(String output) {
        OutcomeTally tally = new OutcomeTally();
        Map<String, Integer> skipGroups = new LinkedHashMap<>();
        int[] summary = null;
        for (String raw : ConsoleLines.of(output)) {
            Matcher xdist = XDIST.matcher(raw);
            String line = xdist.lookingAt() ? raw.substring(xdist.end()) : raw;
            int[] counts = summaryCounts(line);
            Matcher skip = SKIP_GROUP.matcher(line);
            if (counts != null) {
                summary = counts;
            } else if (skip.matches()) {
                skipGroups.merge(skip.group(2), ConsoleLines.count(skip.group(1)), ConsoleLines::add);
            } else if (!shortLine(line, tally)) {
                verboseLine(line, tally);
            }
        }
        // Named skips (from -v) and per-location skips (from -rA) describe the same tests; prefer names.
        boolean namedSkips = tally.count(TestOutcome.SKIPPED) > 0;
        if (!namedSkips) {
            skipGroups.keySet().forEach(location -> tally.record(location, TestOutcome.SKIPPED));
        }
        if (summary == null && tally.isEmpty()) {
            return Optional.empty();
        }
        int[] counts = summary != null ? summary : new int[] {tally.count(TestOutcome.PASSED), tally.failures(),
                namedSkips ? tally.count(TestOutcome.SKIPPED) : skipGroups.values().stream().reduce(0, ConsoleLines::add)};
        return Optional.of(tally.report(format(), counts[0], counts[1], counts[2]));
    }

    /** {passed, failed, skipped} from a final summary line, or null when the line is not one. */
    private static int[] summaryCounts(String line) {
        String body = line.strip();
        boolean decorated = body.length() > 1 && body.startsWith("=") && body.endsWith("=");
        body = body.replaceAll("^=+|=+$", "").strip();
        Matcher timed = TIMED.matcher(body);
        if (timed.matches()) {
            body = timed.group(1);
        } else if (!decorated) {
            return null; // undecorated lines must carry the duration, or any "2 passed" prose would match
        }
        int[] counts = new int[3];
        if (body.equals("no tests ran")) {
            return counts;
        }
        for (String item : body.split(", ")) {
            Matcher m = COUNT.matcher(item);
            if (!m.matches()) {
                return null;
            }
            int slot = switch (m.group(2)) {
                case "passed", "xpassed" -> 0;
                case "failed", "error", "errors" -> 1;
                case "skipped", "xfailed" -> 2;
                case "warning", "warnings", "deselected", "rerun", "reruns" -> -1;
                default -> -2;
            };
            if (slot == -2) {
                return null;
            }
            if (slot >= 0) {
                counts[slot] = ConsoleLines.add(counts[slot], ConsoleLines.count(m.group(1)));
            }
        }
        return counts;
    }

    /** "-rA" style: {@code FAILED tests/test_x.py::test_b - AssertionError}. */
    private static boolean shortLine(String line, OutcomeTally tally) {
        int space = line.indexOf(' ');
        TestOutcome outcome = space < 0 ? null : outcome(line.substring(0, space));
        String name = outcome == null ? "" : leadingName(line.substring(space + 1));
        if (!name.contains(".py") && !name.contains("::")) {
            return false;
        }
        tally.record(name, outcome);
        return true;
    }

    /** "-v" style: {@code tests/test_x.py::test_a PASSED [ 50%]}; parametrized ids may contain spaces. */
    private static void verboseLine(String line, OutcomeTally tally) {
        String[] tokens = line.split(" ");
        if (tokens.length < 2 || !tokens[0].contains("::")
                || !(tokens[0].contains(".py::") || PROGRESS.matcher(line).matches())) {
            return;
        }
        for (int i = 1; i < tokens.length; i++) {
            TestOutcome outcome = outcome(tokens[i]);
            if (outcome != null) {
                tally.record(String.join(" ", Arrays.copyOfRange(tokens, 0, i)), outcome);
                return;
            }
        }
    }

    private static TestOutcome outcome(String word) {
        return switch (word) {
            case "PASSED", "XPASS" -> TestOutcome.PASSED;
            case "FAILED" -> TestOutcome.FAILED;
            case "ERROR" -> TestOutcome.ERROR;
            case "SKIPPED", "XFAIL" -> TestOutcome.SKIPPED;
            default -> null;
        };
    }

    // The node id ends at the first space outside brackets, so "test_a[1 2] - msg" yields "test_a[1 2]".
    private static String leadingName(String rest) {
        int depth = 0;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']' && depth > 0) {
                depth--;
            } else if (depth == 0 && Character.isWhitespace(c)) {
                return rest.substring(0, i);
            }
        }
        return rest;
    }
}
