package dev.arena.eval.tests;

import dev.arena.result.TestCaseResult;
import dev.arena.result.TestOutcome;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shorthands the parser tests share. */
final class ReportAssertions {
    private ReportAssertions() {
    }

    static TestCaseResult r(String name, TestOutcome outcome) {
        return new TestCaseResult(name, outcome);
    }

    static void assertCounts(TestReport report, int passed, int failed, int skipped) {
        assertEquals(List.of(passed, failed, skipped), List.of(report.passed(), report.failed(), report.skipped()));
    }
}
