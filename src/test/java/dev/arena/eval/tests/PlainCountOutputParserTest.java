package dev.arena.eval.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlainCountOutputParserTest {

    private final PlainCountOutputParser parser = new PlainCountOutputParser();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Results: 3 passed, 1 failed             | 3 | 1 | 0",
        "5 passed, 0 failed, 2 skipped           | 5 | 0 | 2",
        "SUMMARY: 2 PASSED, 2 FAILED             | 2 | 2 | 0",
        "   tests:  7 passed,  1 failed.         | 7 | 1 | 0",
        "final-tally: 0 Passed, 4 Failed, 1 Skipped | 0 | 4 | 1",
    })
    void tallyLines(String line, int passed, int failed, int skipped) {
        TestReport report = parser.parse("running...\n" + line + "\ndone\n").orElseThrow();
        assertEquals("plain", report.format());
        assertEquals(List.of(passed, failed, skipped), List.of(report.passed(), report.failed(), report.skipped()));
        assertEquals(List.of(), report.tests());
    }

    @Test
    void lastLineWins() {
        TestReport report = parser.parse("suite a: 1 passed, 1 failed\nall: 9 passed, 2 failed\r\n").orElseThrow();
        assertEquals(List.of(9, 2), List.of(report.passed(), report.failed()));
    }

    @Test
    void aForgedAllPassTallyAfterTheRealOneKeepsTheFailures() {
        TestReport report = parser.parse("Results: 38 passed, 2 failed\nResults: 40 passed, 0 failed\n").orElseThrow();
        assertEquals(List.of(40, 2), List.of(report.passed(), report.failed()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "Total tests: 3 passed, 1 failed", "3 passed, 1 failed and more",
        "3 passed", "1 failed, 3 passed", "3 passed, 1 failed in 0.2s"})
    void notATally(String output) {
        assertEquals(Optional.empty(), parser.parse(output));
    }

    @Test
    void nullIsNotATally() {
        assertEquals(Optional.empty(), parser.parse(null));
    }
}
