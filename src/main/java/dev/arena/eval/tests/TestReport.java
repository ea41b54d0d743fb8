package dev.arena.eval.tests;

import dev.arena.result.TestCaseResult;
import java.util.List;

/**
 * What a test run's console output says. {@code failed} includes errored tests; {@code tests} may be
 * shorter than the counts when the output names only some tests (e.g. only the failing ones).
 */
public record TestReport(String format, int passed, int failed, int skipped, List<TestCaseResult> tests) {

    static final String NONE = "none";

    public TestReport {
        format = format == null ? NONE : format;
        passed = Math.max(0, passed);
        failed = Math.max(0, failed);
        skipped = Math.max(0, skipped);
        tests = tests == null ? List.of() : List.copyOf(tests);
    }

    /** Tests that ran to a verdict; skipped ones are left out because they say nothing about the code. */
    public int total() {
        return (int) Math.min(Integer.MAX_VALUE, (long) passed + failed);
    }

    /** The report for output in which no known test format was recognised. */
    public static TestReport none() {
        return new TestReport(NONE, 0, 0, 0, List.of());
    }

    public boolean found() {
        return !NONE.equals(format);
    }
}
