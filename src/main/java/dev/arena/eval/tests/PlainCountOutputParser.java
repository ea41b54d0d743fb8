package dev.arena.eval.tests;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fallback for hand-written {@code run_tests.sh} scripts that print their own tally, such as
 * {@code Results: 3 passed, 1 failed} or {@code 5 passed, 0 failed, 2 skipped}. The last such line gives the counts, except that the
 * failures are the most any such line reports, so a line printed after the real one cannot clear them.
 */
public final class PlainCountOutputParser implements TestOutputParser {

    private static final Pattern LINE = Pattern.compile(
            "(?i)(?:[\\w-]+:\\s*)?(\\d+) passed,\\s*(\\d+) failed(?:,\\s*(\\d+) skipped)?\\.?");

    @Override
    public String format() {
        return "plain";
    }

    @Override
    public Optional<TestReport> parse(String output) {
        TestReport last = null;
        int mostFailed = 0;
        for (String line : ConsoleLines.of(output)) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                int skipped = m.group(3) == null ? 0 : ConsoleLines.count(m.group(3));
                mostFailed = Math.max(mostFailed, ConsoleLines.count(m.group(2)));
                last = new TestReport(format(), ConsoleLines.count(m.group(1)), mostFailed, skipped, List.of());
            }
        }
        return Optional.ofNullable(last);
    }
}
