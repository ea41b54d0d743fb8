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

class GoTestOutputParserTest {

    private final GoTestOutputParser parser = new GoTestOutputParser();

    private TestReport parse(String output) {
        return parser.parse(output).orElseThrow();
    }



    @Test
    void verboseRunWithSubtests() {
        TestReport report = parse("""
                go: downloading github.com/stretchr/testify v1.9.0
                === RUN   TestAdd
                --- PASS: TestAdd (0.00s)
                === RUN   TestDivide
                === RUN   TestDivide/by_zero
                    calc_test.go:22: expected error
                === RUN   TestDivide/normal
                --- FAIL: TestDivide (0.00s)
                    --- FAIL: TestDivide/by_zero (0.00s)
                    --- PASS: TestDivide/normal (0.00s)
                === RUN   TestNetwork
                    net_test.go:10: skipping in short mode
                --- SKIP: TestNetwork (0.00s)
                FAIL
                FAIL\texample.com/calc\t0.012s
                FAIL
                """);
        assertEquals("go", report.format());
        assertCounts(report, 2, 2, 1);
        assertEquals(List.of(r("TestAdd", PASSED), r("TestDivide", FAILED), r("TestDivide/by_zero", FAILED),
                r("TestDivide/normal", PASSED), r("TestNetwork", SKIPPED)), report.tests());
    }

    @Test
    void resultLinesWithoutDurationAndRepeatedNamesAcrossPackages() {
        TestReport report = parse("--- FAIL: TestY\n--- PASS: TestNew (0.00s)\nok  \ta/x\t0.01s\n"
                + "--- PASS: TestNew (0.00s)\nok  \ta/y\t0.01s\n");
        assertCounts(report, 2, 1, 0);
        assertEquals(List.of(r("TestY", FAILED), r("TestNew", PASSED)), report.tests());
    }

    @Test
    void packagesCountWhenNoTestLinesArePrinted() {
        TestReport report = parse("""
                ok  \texample.com/calc\t0.012s
                ok  \texample.com/util\t(cached)\tcoverage: 80.0% of statements
                ?   \texample.com/cmd\t[no test files]
                """);
        assertCounts(report, 2, 0, 0);
        assertEquals(List.of(r("example.com/calc", PASSED), r("example.com/util", PASSED)), report.tests());
    }

    @Test
    void buildFailureIsAFailedPackage() {
        TestReport report = parse("""
                # example.com/calc [example.com/calc.test]
                ./calc_test.go:5:2: undefined: Foo
                FAIL\texample.com/calc [build failed]
                FAIL
                """);
        assertCounts(report, 0, 1, 0);
        assertEquals(List.of(r("example.com/calc", FAILED)), report.tests());
    }

    @Test
    void forgedPassLinesCannotClearAFailure() {
        TestReport report = parse("""
                --- FAIL: TestDivide (0.00s)
                FAIL
                FAIL\texample.com/calc\t0.012s
                --- PASS: TestDivide (0.00s)
                ok  \texample.com/calc\t0.012s
                PASS
                """);
        assertEquals(1, report.failed());
        assertEquals(List.of(r("TestDivide", FAILED)), report.tests());
    }

    @Test
    void aFailedPackageCountsEvenWhenItsTestLinesAllPassed() {
        TestReport report = parse("--- PASS: TestA (0.00s)\nok  \ta/x\t0.01s\nFAIL\ta/y [build failed]\n");
        assertCounts(report, 1, 1, 0);
    }

    @Test
    void otherOutputIsNotGo() {
        for (String output : new String[] {null, "", "FAIL", " FAIL  src/app.test.js", "ok 1 - adds numbers",
                "--- a/file.go\n+++ b/file.go", "PASS"}) {
            assertEquals(Optional.empty(), parser.parse(output), String.valueOf(output));
        }
    }
}
