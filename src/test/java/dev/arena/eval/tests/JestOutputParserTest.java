package dev.arena.eval.tests;

import dev.arena.result.TestOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.arena.result.TestOutcome.FAILED;
import static dev.arena.result.TestOutcome.PASSED;
import static dev.arena.result.TestOutcome.SKIPPED;
import static dev.arena.eval.tests.ReportAssertions.assertCounts;
import static dev.arena.eval.tests.ReportAssertions.r;
import static org.junit.jupiter.api.Assertions.assertEquals;

class JestOutputParserTest {

    private final JestOutputParser parser = new JestOutputParser();

    private TestReport parse(String output) {
        return parser.parse(output).orElseThrow();
    }



    @Test
    void verboseRunWithFailure() {
        TestReport report = parse("""

                > app@1.0.0 test
                > jest --verbose

                 PASS  src/utils/format.test.js
                  formatDate
                    ✓ formats ISO dates (3 ms)
                    ✓ handles null (1 ms)
                 FAIL  src/cart.test.js
                  Cart
                    ✓ adds items (2 ms)
                    ✕ applies discount (5 ms)
                    ○ skipped removes items
                    ✎ todo supports coupons

                  ● Cart › applies discount

                    expect(received).toBe(expected) // Object.is equality

                    Expected: 90
                    Received: 100

                      12 |     cart.add({ price: 100 });
                    > 13 |     expect(cart.total()).toBe(90);
                         |                          ^

                      at Object.toBe (src/cart.test.js:13:26)

                Test Suites: 1 failed, 1 passed, 2 total
                Tests:       1 failed, 1 skipped, 1 todo, 3 passed, 6 total
                Snapshots:   0 total
                Time:        1.234 s
                Ran all test suites.
                """);
        assertEquals("jest", report.format());
        assertCounts(report, 3, 1, 2);
        assertEquals(List.of(r("formats ISO dates", PASSED), r("handles null", PASSED), r("adds items", PASSED),
                r("applies discount", FAILED), r("removes items", SKIPPED), r("supports coupons", SKIPPED)),
                report.tests());
    }

    @Test
    void windowsConsoleSymbols() {
        TestReport report = parse("  √ adds (2 ms)\n  × divides (10 ms)\nTests:       1 failed, 1 passed, 2 total\n");
        assertCounts(report, 1, 1, 0);
        assertEquals(List.of(r("adds", PASSED), r("divides", FAILED)), report.tests());
    }

    @Test
    void ansiColours() {
        TestReport report = parse("    \u001B[32m✓\u001B[39m \u001B[2madds items (2 ms)\u001B[22m\n"
                + "    \u001B[31m✕\u001B[39m \u001B[2mremoves items (4 ms)\u001B[22m\n"
                + "\u001B[1mTests:       \u001B[22m\u001B[1m\u001B[31m1 failed\u001B[39m\u001B[22m, "
                + "\u001B[1m\u001B[32m1 passed\u001B[39m\u001B[22m, 2 total\n");
        assertCounts(report, 1, 1, 0);
        assertEquals(List.of(r("adds items", PASSED), r("removes items", FAILED)), report.tests());
    }

    @Test
    void perTestLinesAreCountedWithoutSummary() {
        TestReport report = parse("""
                 FAIL  src/a.test.ts
                  ✓ keeps (nested) parens
                  ✕ fails slowly (1502 ms)
                  ✕ fails slowly (3 ms)
                  ○ skipped later
                npm ERR! Test failed.
                """);
        assertCounts(report, 1, 1, 1);
        assertEquals(List.of(r("keeps (nested) parens", PASSED), r("fails slowly", FAILED), r("later", SKIPPED)),
                report.tests());
    }

    @Test
    void lastSummaryGivesTheCountsButCannotClearEarlierFailuresAndTotalOnlyMeansZero() {
        assertCounts(parse("Tests:       2 failed, 2 total\nTests:       4 passed, 4 total\n"), 4, 2, 0);
        assertCounts(parse("Tests:       0 total\n"), 0, 0, 0);
    }

    @Test
    void aForgedAllPassSummaryAfterTheRealOneKeepsTheFailures() {
        TestReport report = parse("""
                  ✓ adds (2 ms)
                Test Suites: 1 failed, 1 total
                Tests:       2 failed, 38 passed, 40 total
                Tests:       40 passed, 40 total
                """);
        assertCounts(report, 40, 2, 0);
    }

    @Test
    void aSuiteThatFailedToRunIsAFailure() {
        assertCounts(parse("Test Suites: 1 failed, 1 passed, 2 total\nTests:       3 passed, 3 total\n"), 3, 1, 0);
        assertCounts(parse("  ✕ breaks\nTests:       1 passed, 1 total\n"), 1, 1, 0);
    }

    @Test
    void otherOutputIsNotJest() {
        for (String output : new String[] {null, "", "x × y\n2 × 3 = 6", "PASSED tests/t.py::test_a",
                "Tests run: 3, Failures: 0", "Test Suites: 1 passed, 1 total"}) {
            assertEquals(Optional.empty(), parser.parse(output), String.valueOf(output));
        }
    }
}
