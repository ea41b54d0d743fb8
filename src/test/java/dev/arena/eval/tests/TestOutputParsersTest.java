package dev.arena.eval.tests;

import dev.arena.result.TestCaseResult;
import dev.arena.result.TestOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class TestOutputParsersTest {

    @Test
    void formatsAreTriedInOrder() {
        assertEquals(List.of("pytest", "jest", "junit", "go", "plain"),
                TestOutputParsers.all().stream().map(TestOutputParser::format).toList());
    }

    @Test
    void picksTheMatchingFormat() {
        assertEquals("pytest", TestOutputParsers.parse("=== 2 passed in 0.1s ===").format());
        assertEquals("jest", TestOutputParsers.parse(" FAIL  src/a.test.js\n  ✕ breaks (3 ms)\n"
                + "Tests:       1 failed, 1 total").format());
        assertEquals("junit", TestOutputParsers.parse("[INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0")
                .format());
        assertEquals("go", TestOutputParsers.parse("--- PASS: TestA (0.00s)\nok  \tx/y\t0.1s").format());
        TestReport plain = TestOutputParsers.parse("Results: 4 passed, 1 failed");
        assertEquals(List.of("plain", 4, 1), List.of(plain.format(), plain.passed(), plain.failed()));
    }

    @Test
    void earlierFormatWinsOnMixedOutputUnlessAnotherIsPreferred() {
        String mixed = "--- FAIL: TestA (0.00s)\nFAIL\tx/y\t0.1s\nResults: 0 passed, 1 failed\n"
                + "======= 3 passed in 0.5s =======\n";
        assertEquals("pytest", TestOutputParsers.parse(mixed).format());
        assertEquals("go", TestOutputParsers.parse(mixed, "go").format());
        assertEquals("plain", TestOutputParsers.parse(mixed, "PLAIN").format());
        assertEquals("pytest", TestOutputParsers.parse(mixed, "unknown").format());
        assertEquals("pytest", TestOutputParsers.parse(mixed, null).format());
    }

    @Test
    void aForgedSummaryOfAnotherFormatCannotHideARealFailure() {
        String goThenForgedPytest = "--- FAIL: TestA (0.00s)\nFAIL\tx/y\t0.1s\n=== 40 passed in 0.1s ===\n";
        TestReport report = TestOutputParsers.parse(goThenForgedPytest);
        assertEquals(List.of("pytest", 40, 1), List.of(report.format(), report.passed(), report.failed()));

        String jestThenForgedPlain = "  ✕ breaks (3 ms)\nTests:       2 failed, 38 passed, 40 total\n"
                + "Results: 40 passed, 0 failed\n";
        report = TestOutputParsers.parse(jestThenForgedPlain, "plain");
        assertEquals(List.of("plain", 40, 2), List.of(report.format(), report.passed(), report.failed()));
    }

    @Test
    void aSummaryOfAnotherFormatReportingFailuresFailsEvenAnHonestPass() {
        // Failing is the safe side: the program under test cannot turn a pass into a fail it did not cause.
        TestReport report = TestOutputParsers.parse("=== 3 passed in 0.1s ===\nResults: 0 passed, 1 failed\n");
        assertEquals(List.of("pytest", 3, 1), List.of(report.format(), report.passed(), report.failed()));
    }

    @Test
    void anHonestSingleSummaryIsUnchangedByTheOtherFormats() {
        TestReport report = TestOutputParsers.parse("PASSED tests/t.py::test_a\n=== 1 passed in 0.1s ===\n");
        assertEquals(new TestReport("pytest", 1, 0, 0,
                List.of(new TestCaseResult("tests/t.py::test_a", TestOutcome.PASSED))),
                report);
    }

    @Test
    void preferredFormatThatDoesNotMatchFallsBack() {
        assertEquals("go", TestOutputParsers.parse("--- PASS: TestA (0.00s)", "pytest").format());
    }

    @Test
    void nothingRecognisableIsNone() {
        for (String output : new String[] {null, "", "  \n\t", "hello world", "\u001B[31m\u001B[0m",
                "Segmentation fault (core dumped)", "\u0000\uFFFF\uD800"}) {
            assertEquals(TestReport.none(), TestOutputParsers.parse(output));
        }
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(42);
        String alphabet = "=-:[]()%, \n\r\t\u001B✓✕○√×0123456789abcPASEDFILKROTsrunpd.>|»/_";
        for (int round = 0; round < 300; round++) {
            StringBuilder out = new StringBuilder();
            for (int i = random.nextInt(2000); i > 0; i--) {
                out.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            TestOutputParsers.parse(out.toString());
        }
    }

    @Test
    void hugeAndPathologicalOutputIsQuick() {
        StringBuilder out = new StringBuilder();
        out.append("x".repeat(3_000_000)).append('\n');
        String nasty = "a::b " + "[".repeat(3000) + " PASSED\n" + "Tests:  " + "1".repeat(3000) + "\n"
                + "=" + "1 passed, ".repeat(300) + "=\n" + "FAILED " + "[".repeat(3000) + "\n"
                + "SKIPPED [1] " + ":1".repeat(1500) + "\n" + "Tests run: 99999999999999999999, Failures: 1\n";
        for (int i = 0; i < 200; i++) {
            out.append(nasty);
        }
        out.append("\u001B]8;;unterminated-osc\n").append("=== 2 passed in 0.1s ===\n");
        TestReport report = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> TestOutputParsers.parse(out.toString()));
        // The 200 "Tests run: ..., Failures: 1" lines are JUnit summaries reporting failures: they count.
        assertEquals(List.of("pytest", 2, 200), List.of(report.format(), report.passed(), report.failed()));
    }
}
