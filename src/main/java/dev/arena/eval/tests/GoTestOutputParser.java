package dev.arena.eval.tests;

import dev.arena.result.TestOutcome;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code go test}: counts from the {@code --- PASS/FAIL/SKIP} lines, subtests included. Without {@code -v}
 * passing tests print nothing, so then each {@code ok pkg} / {@code FAIL pkg} line counts as one test, which
 * is still better than reporting nothing for a green run or a package that did not build. A {@code FAIL pkg}
 * line always counts: the failures are at least the failed packages, even when test lines say otherwise.
 */
public final class GoTestOutputParser implements TestOutputParser {

    private static final Pattern RESULT = Pattern.compile("--- (PASS|FAIL|SKIP): (\\S+)(?: \\(.*\\))?");
    private static final Pattern PACKAGE_OK = Pattern.compile(
            "ok\\s+(\\S+)\\s+(?:\\d+(?:\\.\\d+)?s|\\(cached\\)).*");
    // The suffix is required so Jest's "FAIL src/app.test.js" header is not taken for a Go package.
    private static final Pattern PACKAGE_FAIL = Pattern.compile(
            "FAIL\\s+(\\S+)\\s+(?:\\d+(?:\\.\\d+)?s|\\[.*\\])");

    private static final TestOutcome[] SLOT_OUTCOMES = {TestOutcome.PASSED, TestOutcome.FAILED, TestOutcome.SKIPPED};

    @Override
    public String format() {
        return "go";
    }

    @Override
    public Optional<TestReport> parse(String output) {
        OutcomeTally tests = new OutcomeTally();
        OutcomeTally packages = new OutcomeTally();
        int[] counts = new int[3];
        for (String raw : ConsoleLines.of(output)) {
            String line = raw.strip();
            Matcher m = RESULT.matcher(line);
            if (m.matches()) {
                int slot = switch (m.group(1)) {
                    case "PASS" -> 0;
                    case "FAIL" -> 1;
                    default -> 2;
                };
                // Counted per line, not per name: two packages may both have a TestNew.
                counts[slot] = ConsoleLines.add(counts[slot], 1);
                tests.record(m.group(2), SLOT_OUTCOMES[slot]);
            } else if ((m = PACKAGE_OK.matcher(line)).matches()) {
                packages.record(m.group(1), TestOutcome.PASSED);
            } else if ((m = PACKAGE_FAIL.matcher(line)).matches()) {
                packages.record(m.group(1), TestOutcome.FAILED);
            }
        }
        if (!tests.isEmpty()) {
            return Optional.of(tests.report(format(), counts[0], Math.max(counts[1], packages.failures()), counts[2]));
        }
        return packages.isEmpty() ? Optional.empty() : Optional.of(packages.report(format()));
    }
}
