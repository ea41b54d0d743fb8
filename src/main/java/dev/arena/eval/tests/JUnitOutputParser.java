package dev.arena.eval.tests;

import dev.arena.result.TestOutcome;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JUnit under Maven Surefire or Gradle. Surefire prints a {@code Tests run:} line per class and then an
 * aggregate after {@code Results:}; the aggregates (one per module) win so nothing is counted twice, except
 * that the failures are the most any of the per-class lines, the aggregates or a Gradle total report, so a
 * line printed after the real ones cannot clear them.
 * Failing names come from the {@code Failures:}/{@code Errors:} lists, others from Gradle's
 * {@code ClassTest > method() PASSED} lines.
 */
public final class JUnitOutputParser implements TestOutputParser {

    private static final Pattern LEVEL = Pattern.compile("\\[(?:INFO|ERROR|WARNING|WARN)\\] ?");
    private static final Pattern RUN = Pattern.compile("Tests run:\\s*(\\d+),\\s*Failures:\\s*(\\d+)"
            + "(?:,\\s*Errors:\\s*(\\d+))?(?:,\\s*Skipped:\\s*(\\d+))?");
    // Surefire 2.x puts the first entry on the header line: "Failed tests:   bar(com.x.FooTest): ...".
    private static final Pattern SECTION = Pattern.compile(
            "(Failures|Errors|Flakes|Failed tests|Tests in error):\\s*(.*)");
    // "FooTest.bar:12 expected..." or "FooTest.bar(int)[2]:15 »..." or "FooTest.bar:12->helper:30 ...".
    private static final Pattern ENTRY = Pattern.compile(
            "([A-Za-z_$][\\w$]*(?:\\.[\\w$]+)+(?:\\([^)]*\\))?(?:\\[[^\\]]*\\])?)(?::\\d+|->|\\s|$).*");
    // Surefire 2.x lists "bar(com.x.FooTest): expected..."; normalised to "com.x.FooTest.bar".
    private static final Pattern OLD_ENTRY = Pattern.compile("([\\w$]+)\\(([\\w$.]+)\\)(?::.*)?");
    private static final Pattern GRADLE_TOTAL = Pattern.compile(
            "(\\d+) tests? completed(?:, (\\d+) failed)?(?:, (\\d+) skipped)?.*");

    @Override
    public String format() {
        return "junit";
    }

    @Override
    public Optional<TestReport> parse(String output) {
        OutcomeTally tally = new OutcomeTally();
        int[] perClass = null;
        int[] aggregate = null;
        int[] gradle = null;
        int gradleMostFailed = 0;
        boolean afterResults = false;
        TestOutcome section = null;
        boolean sectionPrefixed = false;
        for (String raw : ConsoleLines.of(output)) {
            Matcher level = LEVEL.matcher(raw);
            boolean prefixed = level.lookingAt();
            String line = (prefixed ? raw.substring(level.end()) : raw).strip();
            Matcher m = RUN.matcher(line);
            if (section != null && sectionPrefixed && !prefixed) {
                continue; // a multi-line assertion message goes on without the [ERROR] prefix
            } else if (m.find()) {
                int[] counts = surefireCounts(m);
                if (afterResults) {
                    aggregate = sum(aggregate, counts);
                } else {
                    perClass = sum(perClass, counts);
                }
                afterResults = false;
                section = null;
            } else if (line.equals("Results:") || line.equals("Results :")) {
                afterResults = true;
                section = null;
            } else if (afterResults && (m = SECTION.matcher(line)).matches()) {
                section = m.group(1).startsWith("Fail") ? TestOutcome.FAILED
                        : m.group(1).equals("Flakes") ? null : TestOutcome.ERROR; // flakes passed on a rerun
                sectionPrefixed = prefixed;
                entry(m.group(2), section, tally);
            } else if (section != null && !line.isEmpty()) {
                entry(line, section, tally);
            } else if ((m = GRADLE_TOTAL.matcher(line)).matches()) {
                gradle = gradleCounts(m);
                gradleMostFailed = Math.max(gradleMostFailed, gradle[1]);
            } else {
                section = null;
                gradleLine(line, tally);
            }
        }
        int[] counts = aggregate != null ? aggregate : perClass != null ? perClass : gradle;
        if (counts == null && tally.isEmpty()) {
            return Optional.empty();
        }
        if (counts == null) {
            return Optional.of(tally.report(format()));
        }
        int failed = Math.max(counts[1], gradleMostFailed);
        for (int[] other : new int[][] {aggregate, perClass}) {
            failed = other == null ? failed : Math.max(failed, other[1]);
        }
        return Optional.of(tally.report(format(), counts[0], failed, counts[2]));
    }

    /** {passed, failed (failures + errors), skipped} from one {@code Tests run:} line. */
    private static int[] surefireCounts(Matcher m) {
        int run = ConsoleLines.count(m.group(1));
        int failures = ConsoleLines.count(m.group(2));
        int errors = m.group(3) == null ? 0 : ConsoleLines.count(m.group(3));
        int skipped = m.group(4) == null ? 0 : ConsoleLines.count(m.group(4));
        long passed = (long) run - failures - errors - skipped;
        return new int[] {(int) Math.max(0, passed), ConsoleLines.add(failures, errors), skipped};
    }

    /** Gradle: "5 tests completed, 1 failed, 1 skipped", where completed includes the other two. */
    private static int[] gradleCounts(Matcher m) {
        int completed = ConsoleLines.count(m.group(1));
        int failed = m.group(2) == null ? 0 : ConsoleLines.count(m.group(2));
        int skipped = m.group(3) == null ? 0 : ConsoleLines.count(m.group(3));
        return new int[] {(int) Math.max(0, (long) completed - failed - skipped), failed, skipped};
    }

    private static int[] sum(int[] total, int[] counts) {
        if (total == null) {
            return counts;
        }
        for (int i = 0; i < counts.length; i++) {
            total[i] = ConsoleLines.add(total[i], counts[i]);
        }
        return total;
    }

    private static void entry(String line, TestOutcome outcome, OutcomeTally tally) {
        if (outcome == null) {
            return;
        }
        Matcher old = OLD_ENTRY.matcher(line);
        Matcher modern = ENTRY.matcher(line);
        if (old.matches()) {
            tally.record(old.group(2) + "." + old.group(1), outcome);
        } else if (modern.matches()) {
            tally.record(modern.group(1), outcome);
        }
    }

    private static void gradleLine(String line, OutcomeTally tally) {
        for (TestOutcome outcome : new TestOutcome[] {TestOutcome.PASSED, TestOutcome.FAILED, TestOutcome.SKIPPED}) {
            String suffix = " " + outcome.name();
            if (line.endsWith(suffix) && line.contains(" > ")) {
                tally.record(line.substring(0, line.length() - suffix.length()), outcome);
                return;
            }
        }
    }
}
