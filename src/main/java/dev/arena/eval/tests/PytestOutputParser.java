package dev.arena.eval.tests;

import dev.arena.result.TestOutcome;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pytest: counts from the last summary line ({@code === 3 passed, 1 failed in 0.12s ===}), except that the
 * failures are the most any summary line reports, so a line printed after the real one cannot clear them; names from
 * {@code -rA} short-summary lines and {@code -v} lines. XFAIL counts as skipped and XPASS as passed, the way
 * pytest itself treats them unless strict.
 */
public final class PytestOutputParser implements TestOutputParser {

    private static final Pattern FRAME = Pattern.compile("=++ *+(.*?) *+=++");
    private static final Pattern TIMED = Pattern.compile("(.*?) in \\d++(?:\\.\\d++)?s(?: \\([^)]*\\))?");
    private static final Pattern COUNT = Pattern.compile("(\\d+) ([a-z]+)");
    // Index into {passed, failed, skipped}; errors are failures, xfail/xpass follow pytest's non-strict view.
    private static final Map<String, Integer> SLOTS = Map.of("passed", 0, "xpassed", 0, "failed", 1, "error", 1,
            "errors", 1, "skipped", 2, "xfailed", 2);
    private static final Set<String> NOT_TESTS = Set.of("warning", "warnings", "deselected", "rerun", "reruns");
    // "-rA" reports skips per location, not per test: "SKIPPED [2] tests/test_x.py:12: reason".
    private static final Pattern SKIP_GROUP = Pattern.compile("SKIPPED \\[(\\d+)\\] (\\S+?:\\d+):.*");
    private static final Pattern XDIST = Pattern.compile("\\[gw\\d+\\] \\[\\s*\\d+%\\] ");
    private static final Pattern PROGRESS = Pattern.compile(".*\\[\\s*+\\d++%\\]");

    @Override
    public String format() {
        return "pytest";
    }

    @Override
    public Optional<TestReport> parse(String output) {
        OutcomeTally tally = new OutcomeTally();
        Map<String, Integer> skipGroups = new LinkedHashMap<>();
        int[] summary = null;
        int mostFailed = 0;
        for (String raw : ConsoleLines.of(output)) {
            Matcher xdist = XDIST.matcher(raw);
            String line = xdist.lookingAt() ? raw.substring(xdist.end()) : raw;
            int[] counts = summaryCounts(line);
            Matcher skip = SKIP_GROUP.matcher(line);
            if (counts != null) {
                summary = counts;
                mostFailed = Math.max(mostFailed, counts[1]);
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
        if (summary == null) {
            int skipped = namedSkips ? tally.count(TestOutcome.SKIPPED)
                    : skipGroups.values().stream().reduce(0, ConsoleLines::add);
            summary = new int[] {tally.count(TestOutcome.PASSED), tally.failures(), skipped};
        }
        return Optional.of(tally.report(format(), summary[0], Math.max(summary[1], mostFailed), summary[2]));
    }

    /** {passed, failed, skipped} from a final summary line, or null when the line is not one. */
    private static int[] summaryCounts(String line) {
        Matcher frame = FRAME.matcher(line.strip());
        boolean decorated = frame.matches();
        String body = decorated ? frame.group(1) : line.strip();
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
            Integer slot = SLOTS.get(m.group(2));
            if (slot == null && !NOT_TESTS.contains(m.group(2))) {
                return null;
            }
            if (slot != null) {
                counts[slot] = ConsoleLines.add(counts[slot], ConsoleLines.count(m.group(1)));
            }
        }
        return counts;
    }

    /** "-rA" style: {@code FAILED tests/test_x.py::test_b - AssertionError}. */
    private static boolean shortLine(String line, OutcomeTally tally) {
        int space = line.indexOf(' ');
        TestOutcome outcome = space < 0 ? null : outcome(line.substring(0, space));
        String name = outcome == null ? "" : ConsoleLines.firstToken(line.substring(space + 1));
        if (!name.contains(".py") && !name.contains("::")) {
            return false;
        }
        tally.record(name, outcome);
        return true;
    }

    /** "-v" style: {@code tests/test_x.py::test_a PASSED [ 50%]}; parametrized ids may contain spaces. */
    private static void verboseLine(String line, OutcomeTally tally) {
        int space = line.indexOf(' ');
        String id = space < 0 ? "" : line.substring(0, space);
        if (!id.contains(".py::") && !(id.contains("::") && PROGRESS.matcher(line).matches())) {
            return;
        }
        String[] tokens = line.split(" ");
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
}
