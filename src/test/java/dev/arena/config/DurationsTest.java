package dev.arena.config;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "90s, 90",
            "30m, 1800",
            "1h30m, 5400",
            "45, 45",
            "PT30M, 1800",
            "pt1h, 3600",
            "2h, 7200",
            "1h1m1s, 3661",
            "2m30s, 150",
            "1h15s, 3615",
            "1H, 3600",
            "' 10m ', 600",
    })
    void parsesValidForms(String text, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "10x", "500ms", "", "   ", "0s", "0h0m", "PT0S", "PT-5M", "1.5h", "h", "m30",
            "1h 30m", "30m1h", "PTX", "1d"})
    void rejectsInvalidFormsAsUsageErrors(String text) {
        ArenaException e = assertThrows(ArenaException.class, () -> Durations.parse(text));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("invalid duration '" + text + "': use for example 90s, 30m, 1h30m or a number of seconds",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "45, 45s",
            "60, 1m",
            "90, 1m30s",
            "3600, 1h",
            "5400, 1h30m",
            "3661, 1h1m1s",
            "3605, 1h5s",
            "0, 0s",
            "90000, 25h",
    })
    void formatsTheShortForm(long seconds, String expected) {
        assertEquals(expected, Durations.format(Duration.ofSeconds(seconds)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"90s", "30m", "1h30m", "45", "PT30M", "2h", "1h1m1s", "86399"})
    void formatThenParseRoundTrips(String text) {
        Duration d = Durations.parse(text);
        assertEquals(d, Durations.parse(Durations.format(d)));
    }

    @Test
    void formatOfAParsedValueIsCanonical() {
        assertEquals("1h30m", Durations.format(Durations.parse("90m")));
        assertEquals("2m", Durations.format(Durations.parse("PT120S")));
    }

    @Test
    void hugeNumbersAreUsageErrors() {
        for (String text : new String[] {"99999999999999999999", "99999999999999999999s", "9999999999999999h"}) {
            ArenaException e = assertThrows(ArenaException.class, () -> Durations.parse(text), text);
            assertEquals(ExitCode.USAGE, e.exitCode(), text);
        }
    }
}
