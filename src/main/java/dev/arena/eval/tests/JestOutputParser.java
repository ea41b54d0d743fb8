package dev.arena.eval.tests;

import dev.arena.result.TestOutcome;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jest: counts from the last {@code Tests: 1 failed, 2 skipped, 5 passed, 8 total} line, names from the
 * verbose {@code ✓ name (3 ms)} lines. Windows consoles print √ and × instead of ✓ and ✕.
 */
public final class JestOutputParser implements TestOutputParser {

    // Possessive and anchored after a non-digit, so long digit runs cannot make matching quadratic.
    private static final Pattern TOTAL = Pattern.compile("(?<!\\d)\\d++ total");
    private static final Pattern ITEM = Pattern.compile("(?<!\\d)(\\d++) (passed|failed|skipped|todo|pending)");
    private static final Pattern DURATION = Pattern.compile("\\(\\d+(?:\\.\\d+)?\\s*m?s\\)");

    @Override
    public String format() {
        return "jest";
    }

    @Override
    public Optional<TestReport> parse(String output) {
        OutcomeTally tally = new OutcomeTally();
        int[] summary = null;
        int mostFailed = 0;
        for (String raw : ConsoleLines.of(output)) {
            String line = raw.strip();
            if (line.startsWith("Tests:") && TOTAL.matcher(line).find()) {
                summary = counts(line);
                mostFailed = Math.max(mostFailed, summary[1]);
            } else if (line.startsWith("Test Suites:") && TOTAL.matcher(line).find()) {
                mostFailed = Math.max(mostFailed, counts(line)[1]);
            } else if (line.length() > 2 && Character.isWhitespace(line.charAt(1))) {
                testLine(line, tally);
            }
        }
        if (summary == null && tally.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(summary == null ? tally.report(format())
                : tally.report(format(), summary[0], Math.max(summary[1], mostFailed), summary[2]));
    }

    private static int[] counts(String items) {
        int[] counts = new int[3];
        Matcher m = ITEM.matcher(items);
        while (m.find()) {
            int slot = switch (m.group(2)) {
                case "passed" -> 0;
                case "failed" -> 1;
                default -> 2; // skipped, todo and pending all mean "did not run"
            };
            counts[slot] = ConsoleLines.add(counts[slot], ConsoleLines.count(m.group(1)));
        }
        return counts;
    }

    private static void testLine(String line, OutcomeTally tally) {
        TestOutcome outcome = switch (line.charAt(0)) {
            case '✓', '✔', '√' -> TestOutcome.PASSED;
            case '✕', '✗', '×' -> TestOutcome.FAILED;
            case '○', '✎' -> TestOutcome.SKIPPED;
            default -> null;
        };
        if (outcome == null) {
            return;
        }
        String name = line.substring(2).strip();
        int paren = name.lastIndexOf(" (");
        if (paren > 0 && DURATION.matcher(name.substring(paren + 1)).matches()) {
            name = name.substring(0, paren).strip();
        }
        if (outcome == TestOutcome.SKIPPED) {
            name = name.replaceFirst("^(skipped|todo) ", "");
        }
        tally.record(name, outcome);
    }
}
