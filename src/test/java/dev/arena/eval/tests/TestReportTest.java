package dev.arena.eval.tests;

import dev.arena.result.TestCaseResult;
import dev.arena.result.TestOutcome;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestReportTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void totalExcludesSkippedAndIncludesErrors() {
        TestReport report = new TestReport("pytest", 3, 2, 4, List.of());
        assertEquals(5, report.total());
        assertTrue(report.found());
    }

    @Test
    void noneIsEmptyAndNotFound() {
        TestReport none = TestReport.none();
        assertEquals("none", none.format());
        assertEquals(List.of(0, 0, 0, 0), List.of(none.passed(), none.failed(), none.skipped(), none.total()));
        assertEquals(List.of(), none.tests());
        assertFalse(none.found());
    }

    @Test
    void defensiveCopiesAndClamping() {
        List<TestCaseResult> tests = new ArrayList<>(List.of(new TestCaseResult("a", TestOutcome.PASSED)));
        TestReport report = new TestReport(null, -1, Integer.MAX_VALUE, 0, tests);
        tests.clear();
        assertEquals(1, report.tests().size());
        assertEquals(0, report.passed());
        assertEquals("none", report.format());
        assertEquals(Integer.MAX_VALUE, new TestReport("x", 5, Integer.MAX_VALUE, 0, null).total());
        assertThrows(UnsupportedOperationException.class, () -> report.tests().clear());
    }

    @Test
    void worstOutcomeOrder() {
        assertEquals(TestOutcome.ERROR, TestOutcome.worst(TestOutcome.FAILED, TestOutcome.ERROR));
        assertEquals(TestOutcome.FAILED, TestOutcome.worst(TestOutcome.FAILED, TestOutcome.PASSED));
        assertEquals(TestOutcome.SKIPPED, TestOutcome.worst(TestOutcome.PASSED, TestOutcome.SKIPPED));
        assertTrue(TestOutcome.ERROR.isFailure());
        assertFalse(TestOutcome.SKIPPED.isFailure());
    }

    @Test
    void jsonUsesLowerCaseOutcomes() throws Exception {
        TestReport report = new TestReport("go", 1, 1, 0, List.of(new TestCaseResult("TestA", TestOutcome.PASSED),
                new TestCaseResult("TestB", TestOutcome.ERROR)));
        String text = json.writeValueAsString(report);
        assertEquals("{\"format\":\"go\",\"passed\":1,\"failed\":1,\"skipped\":0,\"tests\":[{\"name\":\"TestA\","
                + "\"outcome\":\"passed\"},{\"name\":\"TestB\",\"outcome\":\"error\"}]}", text);
        assertEquals(report, json.readValue(text, TestReport.class));
        assertEquals(TestOutcome.SKIPPED, json.readValue("\"skipped\"", TestOutcome.class));
    }
}
