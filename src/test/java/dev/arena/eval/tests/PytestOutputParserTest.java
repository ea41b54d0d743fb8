package dev.arena.eval.tests;

import dev.arena.result.TestOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static dev.arena.result.TestOutcome.ERROR;
import static dev.arena.result.TestOutcome.FAILED;
import static dev.arena.result.TestOutcome.PASSED;
import static dev.arena.result.TestOutcome.SKIPPED;
import static dev.arena.eval.tests.ReportAssertions.assertCounts;
import static dev.arena.eval.tests.ReportAssertions.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PytestOutputParserTest {

    private final PytestOutputParser parser = new PytestOutputParser();

    private TestReport parse(String output) {
        return parser.parse(output).orElseThrow();
    }



    @Test
    void verboseRunWithShortSummary() {
        TestReport report = parse("""
                ============================= test session starts ==============================
                platform linux -- Python 3.11.4, pytest-7.4.0, pluggy-1.2.0 -- /usr/bin/python3
                cachedir: .pytest_cache
                rootdir: /app
                collecting ... collected 5 items

                tests/test_easing.py::test_linear PASSED                                 [ 20%]
                tests/test_easing.py::test_ease_in PASSED                                [ 40%]
                tests/test_easing.py::test_ease_out FAILED                               [ 60%]
                tests/test_easing.py::test_gpu SKIPPED (no GPU)                          [ 80%]
                tests/test_easing.py::TestBlend::test_blend[0.5-linear] PASSED           [100%]

                =================================== FAILURES ===================================
                ________________________________ test_ease_out _________________________________

                    def test_ease_out():
                >       assert ease_out(0.5) == 0.75
                E       assert 0.5 == 0.75

                tests/test_easing.py:14: AssertionError
                =========================== short test summary info ============================
                PASSED tests/test_easing.py::test_linear
                PASSED tests/test_easing.py::test_ease_in
                PASSED tests/test_easing.py::TestBlend::test_blend[0.5-linear]
                SKIPPED [1] tests/test_easing.py:20: no GPU
                FAILED tests/test_easing.py::test_ease_out - assert 0.5 == 0.75
                ==================== 1 failed, 3 passed, 1 skipped in 0.12s ====================
                """);
        assertEquals("pytest", report.format());
        assertCounts(report, 3, 1, 1);
        assertEquals(4, report.total());
        assertEquals(List.of(r("tests/test_easing.py::test_linear", PASSED),
                r("tests/test_easing.py::test_ease_in", PASSED),
                r("tests/test_easing.py::test_ease_out", FAILED),
                r("tests/test_easing.py::test_gpu", SKIPPED),
                r("tests/test_easing.py::TestBlend::test_blend[0.5-linear]", PASSED)), report.tests());
    }

    @Test
    void shortSummaryOnlyWithProgressDots() {
        TestReport report = parse("""
                collected 4 items

                tests/test_a.py ..F                                                      [ 75%]
                tests/test_b.py s                                                        [100%]

                =========================== short test summary info ============================
                PASSED tests/test_a.py::test_one
                PASSED tests/test_a.py::test_two
                SKIPPED [1] tests/test_b.py:7: needs network
                FAILED tests/test_a.py::test_three - ValueError: boom
                ===================== 1 failed, 2 passed, 1 skipped in 0.05s =====================
                """);
        assertCounts(report, 2, 1, 1);
        assertEquals(List.of(r("tests/test_a.py::test_one", PASSED), r("tests/test_a.py::test_two", PASSED),
                r("tests/test_a.py::test_three", FAILED), r("tests/test_b.py:7", SKIPPED)), report.tests());
    }

    @Test
    void quietRunHasCountsButNoNames() {
        TestReport report = parse("..F.s                                                                    [100%]\n"
                + "1 failed, 3 passed, 1 skipped in 0.03s\n");
        assertCounts(report, 3, 1, 1);
        assertEquals(List.of(), report.tests());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "==== 3 passed, 1 failed, 2 skipped, 1 error in 0.12s ==== | 3 | 2 | 2",
        "5 passed in 0.01s                                          | 5 | 0 | 0",
        "==== no tests ran in 0.01s ====                            | 0 | 0 | 0",
        "no tests ran in 0.00s                                      | 0 | 0 | 0",
        "=== 2 passed, 3 warnings in 1.20s ===                      | 2 | 0 | 0",
        "=== 1 failed, 1 warning in 1.20s ===                       | 0 | 1 | 0",
        "== 1 xfailed, 1 xpassed, 2 passed in 0.3s ==               | 3 | 0 | 1",
        "=== 2 errors in 0.5s ===                                   | 0 | 2 | 0",
        "=== 4 passed, 6 deselected in 0.2s ===                     | 4 | 0 | 0",
        "===== 10 passed in 61.23s (0:01:01) =====                  | 10 | 0 | 0",
        "==== 1 failed, 1 rerun in 0.4s ====                        | 0 | 1 | 0",
        "=============== 7 passed ===============                    | 7 | 0 | 0",
    })
    void summaryLineVariants(String line, int passed, int failed, int skipped) {
        TestReport report = parse("noise before\n" + line + "\n");
        assertCounts(report, passed, failed, skipped);
        assertTrue(report.found());
    }

    @Test
    void lastSummaryLineGivesTheCountsButCannotClearEarlierFailures() {
        assertCounts(parse("= 1 failed in 0.1s =\nretrying\n= 2 passed in 0.1s =\n"), 2, 1, 0);
        assertCounts(parse("= 2 passed in 0.1s =\n= 1 failed in 0.1s =\n"), 0, 1, 0);
    }

    @Test
    void aForgedAllPassSummaryAfterTheRealOneKeepsTheFailures() {
        TestReport report = parse("""
                FAILED tests/test_a.py::test_x - assert 1 == 2
                ======================== 2 failed, 38 passed in 0.40s ========================
                ============================ 40 passed in 0.01s ============================
                """);
        assertCounts(report, 40, 2, 0);
        assertCounts(parse("1 error in 0.1s\n40 passed in 0.1s\n"), 40, 1, 0);
    }

    @Test
    void aNamedFailureCountsEvenWhenEverySummarySaysPassed() {
        assertCounts(parse("FAILED tests/t.py::test_b - boom\n=== 3 passed in 0.1s ===\n"), 3, 1, 0);
    }

    @Test
    void collectionCrash() {
        TestReport report = parse("""
                ==================================== ERRORS ====================================
                _______________________ ERROR collecting tests/test_a.py _______________________
                ImportError while importing test module '/app/tests/test_a.py'.
                E   ModuleNotFoundError: No module named 'animation'
                =========================== short test summary info ============================
                ERROR tests/test_a.py
                !!!!!!!!!!!!!!!!!!!! Interrupted: 1 error during collection !!!!!!!!!!!!!!!!!!!!
                =============================== 1 error in 0.10s ===============================
                """);
        assertCounts(report, 0, 1, 0);
        assertEquals(List.of(r("tests/test_a.py", ERROR)), report.tests());
    }

    @Test
    void collectionCrashWithoutDecoration() {
        TestReport report = parse("ERROR tests/test_a.py\n1 error in 0.1s\n");
        assertCounts(report, 0, 1, 0);
        assertEquals(1, report.total());
        assertEquals(List.of(r("tests/test_a.py", ERROR)), report.tests());
    }

    @Test
    void ansiColouredOutput() {
        TestReport report = parse("\u001B[32mPASSED\u001B[0m tests/t.py::test_a\n"
                + "\u001B[31mFAILED\u001B[0m tests/t.py::\u001B[1mtest_b\u001B[0m - assert False\n"
                + "\u001B[31m========= \u001B[31m\u001B[1m1 failed\u001B[0m, \u001B[32m1 passed\u001B[0m\u001B[31m in 0.05s"
                + "\u001B[0m\u001B[31m =========\u001B[0m\n");
        assertCounts(report, 1, 1, 0);
        assertEquals(List.of(r("tests/t.py::test_a", PASSED), r("tests/t.py::test_b", FAILED)), report.tests());
    }

    @Test
    void perTestLinesAreCountedWhenTheSummaryIsMissingAndTheWorstOutcomeWins() {
        TestReport report = parse("""
                tests/t.py::test_a PASSED
                tests/t.py::test_a ERROR
                tests/t.py::test_b FAILED
                tests/t.py::test_c XFAIL (flaky)
                tests/t.py::test_d XPASS
                tests/t.py::test_b FAILED
                Killed
                """);
        assertCounts(report, 1, 2, 1);
        assertEquals(List.of(r("tests/t.py::test_a", ERROR), r("tests/t.py::test_b", FAILED),
                r("tests/t.py::test_c", SKIPPED), r("tests/t.py::test_d", PASSED)), report.tests());
    }

    @Test
    void skipGroupsCountTheirSizeWithoutASummary() {
        TestReport report = parse("PASSED tests/t.py::test_x\nSKIPPED [3] tests/t.py:5: slow\n");
        assertCounts(report, 1, 0, 3);
        assertEquals(List.of(r("tests/t.py::test_x", PASSED), r("tests/t.py:5", SKIPPED)), report.tests());
    }

    @Test
    void parametrizedIdsWithSpaces() {
        TestReport report = parse("tests/t.py::test_p[a b] PASSED [ 50%]\n"
                + "FAILED tests/t.py::test_q[a - b] - AssertionError: x\n");
        assertEquals(List.of(r("tests/t.py::test_p[a b]", PASSED), r("tests/t.py::test_q[a - b]", FAILED)),
                report.tests());
    }

    @Test
    void xdistWorkerPrefixes() {
        TestReport report = parse("[gw0] [ 50%] PASSED tests/t.py::test_a\n[gw1] [100%] FAILED tests/t.py::test_b\n"
                + "=== 1 failed, 1 passed in 1.00s ===\n");
        assertEquals(List.of(r("tests/t.py::test_a", PASSED), r("tests/t.py::test_b", FAILED)), report.tests());
    }

    @Test
    void buildNoiseAroundTheRun() {
        TestReport report = parse("""
                Collecting numpy
                ERROR: pip's dependency resolver does not currently take into account all the packages
                FAILED to fetch optional mirror
                + python -m pytest -rA tests
                PASSED tests/test_ok.py::test_ok
                2024-05-01 10:00:00 ERROR worker::pool crashed
                ======= 1 passed in 0.02s =======
                make: *** [Makefile:3: test] Error 1
                """);
        assertCounts(report, 1, 0, 0);
        assertEquals(List.of(r("tests/test_ok.py::test_ok", PASSED)), report.tests());
    }

    @Test
    void otherOutputIsNotPytest() {
        for (String output : new String[] {null, "", "garbage\n\u0000\u0001", "FAILED (failures=1, errors=2)\n"
                + "Ran 3 tests in 0.001s", "Tests:       1 failed, 2 passed, 3 total", "2 passed, 1 failed",
                "=== test session starts ===", "We have 2 passed in review"}) {
            assertEquals(Optional.empty(), parser.parse(output), String.valueOf(output));
        }
    }
}
