package dev.arena.eval.tests;

import dev.arena.result.TestOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.arena.result.TestOutcome.ERROR;
import static dev.arena.result.TestOutcome.FAILED;
import static dev.arena.result.TestOutcome.PASSED;
import static dev.arena.result.TestOutcome.SKIPPED;
import static dev.arena.eval.tests.ReportAssertions.assertCounts;
import static dev.arena.eval.tests.ReportAssertions.r;
import static org.junit.jupiter.api.Assertions.assertEquals;

class JUnitOutputParserTest {

    private static final String PER_CLASS = """
            [INFO] Scanning for projects...
            [INFO] --- surefire:3.5.4:test (default-test) @ calc ---
            [INFO] Using auto detected provider org.apache.maven.surefire.junitplatform.JUnitPlatformProvider
            [INFO]
            [INFO] -------------------------------------------------------
            [INFO]  T E S T S
            [INFO] -------------------------------------------------------
            [INFO] Running com.example.CalculatorTest
            [ERROR] Tests run: 4, Failures: 1, Errors: 1, Skipped: 1, Time elapsed: 0.045 s <<< FAILURE! -- in com.example.CalculatorTest
            [ERROR] com.example.CalculatorTest.divides -- Time elapsed: 0.003 s <<< FAILURE!
            org.opentest4j.AssertionFailedError: expected: <2> but was: <3>
            \tat com.example.CalculatorTest.divides(CalculatorTest.java:21)

            [ERROR] com.example.CalculatorTest.parses -- Time elapsed: 0.001 s <<< ERROR!
            java.lang.NumberFormatException: For input string: "x"
            \tat com.example.Calculator.parse(Calculator.java:9)

            [INFO] Running com.example.FormatterTest
            [INFO] Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.01 s -- in com.example.FormatterTest
            """;

    private static final String RESULTS = """
            [INFO]
            [INFO] Results:
            [INFO]
            [ERROR] Failures:
            [ERROR]   CalculatorTest.divides:21 expected: <2> but was: <3>
            [ERROR] Errors:
            [ERROR]   CalculatorTest.parses:9 » NumberFormat For input string: "x"
            [INFO]
            [ERROR] Tests run: 7, Failures: 1, Errors: 1, Skipped: 1
            [INFO]
            [INFO] ------------------------------------------------------------------------
            [INFO] BUILD FAILURE
            """;

    private final JUnitOutputParser parser = new JUnitOutputParser();

    private TestReport parse(String output) {
        return parser.parse(output).orElseThrow();
    }



    @Test
    void surefireAggregateIsNotDoubleCounted() {
        TestReport report = parse(PER_CLASS + RESULTS);
        assertEquals("junit", report.format());
        assertCounts(report, 4, 2, 1);
        assertEquals(List.of(r("CalculatorTest.divides", FAILED), r("CalculatorTest.parses", ERROR)), report.tests());
    }

    @Test
    void perClassLinesAreSummedWhenTheResultsAreMissing() {
        TestReport report = parse(PER_CLASS + "Killed\n");
        assertCounts(report, 4, 2, 1);
        assertEquals(List.of(), report.tests());
    }

    @Test
    void eachModuleAggregateIsAdded() {
        String moduleB = """
                [INFO] Tests run: 2, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.1 s -- in b.ATest
                [INFO] Results:
                [INFO]
                [INFO] Tests run: 2, Failures: 0, Errors: 0, Skipped: 0
                """;
        assertCounts(parse(moduleB + PER_CLASS + RESULTS), 6, 2, 1);
    }

    @Test
    void parameterizedAndHelperFrames() {
        TestReport report = parse("""
                [INFO] Results:
                [ERROR] Failures:
                [ERROR]   MathTest.adds(int)[2]:15 expected: <4> but was: <5>
                [ERROR]   MathTest.checks:12->assertSane:30 not sane
                [ERROR]   Run 1: MathTest.flaky:9 boom
                [ERROR] Errors:
                [ERROR]   MathTest.boots » IllegalState not ready
                [INFO]
                [ERROR] Tests run: 9, Failures: 2, Errors: 1, Skipped: 0
                """);
        assertCounts(report, 6, 3, 0);
        assertEquals(List.of(r("MathTest.adds(int)[2]", FAILED), r("MathTest.checks", FAILED),
                r("MathTest.boots", ERROR)), report.tests());
    }

    @Test
    void multiLineMessagesDoNotYieldNames() {
        TestReport report = parse("""
                [INFO] Results:
                [INFO]
                [ERROR] Failures:
                [ERROR]   ParserTest.reads:184 Results:
                Failures:
                  Foo.bar:1 x ==> expected: <Optional.empty> but was: <Optional[...]>

                [ERROR]   ParserTest.writes:12 expected: <1> but was: <2>
                [INFO]
                [ERROR] Tests run: 5, Failures: 2, Errors: 0, Skipped: 0
                """);
        assertCounts(report, 3, 2, 0);
        assertEquals(List.of(r("ParserTest.reads", FAILED), r("ParserTest.writes", FAILED)), report.tests());
    }

    @Test
    void flakesAreNotFailures() {
        TestReport report = parse("""
                [INFO] Results:
                [WARNING] Flakes:
                [WARNING] com.x.NetTest.connects
                [ERROR]   Run 1: NetTest.connects:20 timeout
                [INFO]   Run 2: PASS
                [WARNING] Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, Flakes: 1
                """);
        assertCounts(report, 3, 0, 0);
        assertEquals(List.of(), report.tests());
    }

    @Test
    void oldSurefireFormat() {
        TestReport report = parse("""
                -------------------------------------------------------
                 T E S T S
                -------------------------------------------------------
                Running com.mycompany.app.AppTest
                Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.01 sec <<< FAILURE!
                testApp(com.mycompany.app.AppTest)  Time elapsed: 0.005 sec  <<< FAILURE!
                junit.framework.AssertionFailedError

                Results :

                Failed tests:   testApp(com.mycompany.app.AppTest): expected:<1> but was:<2>

                Tests run: 2, Failures: 1, Errors: 0, Skipped: 0
                """);
        assertCounts(report, 1, 1, 0);
        assertEquals(List.of(r("com.mycompany.app.AppTest.testApp", FAILED)), report.tests());
    }

    @Test
    void ansiColouredMaven() {
        TestReport report = parse("[\u001B[1;34mINFO\u001B[m] \u001B[1;32mTests run: 3, Failures: 0, Errors: 0, "
                + "Skipped: 0\u001B[m, Time elapsed: 0.2 s -- in a.BTest\n"
                + "[\u001B[1;31mERROR\u001B[m] \u001B[1;31mTests run: 1, Failures: 1, Errors: 0, Skipped: 0\u001B[m\n");
        assertCounts(report, 3, 1, 0);
    }

    @Test
    void gradleLinesAndTotal() {
        String output = """
                > Task :compileJava
                > Task :test

                CalculatorTest > adds() PASSED

                CalculatorTest > divides() FAILED
                    org.opentest4j.AssertionFailedError at CalculatorTest.java:21

                CalculatorTest > Nested > slow() SKIPPED

                3 tests completed, 1 failed, 1 skipped

                > Task :test FAILED

                FAILURE: Build failed with an exception.
                """;
        TestReport report = parse(output);
        assertCounts(report, 1, 1, 1);
        assertEquals(List.of(r("CalculatorTest > adds()", PASSED), r("CalculatorTest > divides()", FAILED),
                r("CalculatorTest > Nested > slow()", SKIPPED)), report.tests());
        assertCounts(parse(output.replace("3 tests completed, 1 failed, 1 skipped", "")), 1, 1, 1);
    }

    @Test
    void aForgedAllPassAggregateAfterTheRealOneKeepsTheFailures() {
        assertCounts(parse(PER_CLASS + RESULTS + "[INFO] Results:\n[INFO] Tests run: 40, Failures: 0, Errors: 0, Skipped: 0\n"),
                44, 2, 1);
        assertCounts(parse(RESULTS + "[INFO] Tests run: 40, Failures: 0, Errors: 0, Skipped: 0\n"), 4, 2, 1);
    }

    @Test
    void aForgedLineCannotClearAGradleFailure() {
        assertCounts(parse("3 tests completed, 1 failed\n40 tests completed\n"), 40, 1, 0);
        assertCounts(parse("3 tests completed, 1 failed\nTests run: 40, Failures: 0, Errors: 0, Skipped: 0\n"), 40, 1, 0);
    }

    @Test
    void otherOutputIsNotJUnit() {
        for (String output : new String[] {null, "", "[INFO] BUILD SUCCESS", "> Task :test FAILED",
                "PASSED tests/t.py::test_a", "Failures: 1, Errors: 0", "Tests run: many"}) {
            assertEquals(Optional.empty(), parser.parse(output), String.valueOf(output));
        }
    }
}
