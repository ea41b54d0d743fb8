package dev.arena.config;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SizesTest {

    @ParameterizedTest
    @CsvSource({
            "512m, 536870912",
            "512M, 536870912",
            "512mb, 536870912",
            "4g, 4294967296",
            "4G, 4294967296",
            "4GiB, 4294967296",
            "4gb, 4294967296",
            "4 g, 4294967296",
            "1.5g, 1610612736",
            "6m, 6291456",
            "6144k, 6291456",
            "1t, 1099511627776",
            "6291456, 6291456",
            "6291456b, 6291456",
            "' 2g ', 2147483648",
    })
    void parsesSizes(String text, long bytes) {
        assertEquals(bytes, Sizes.parseBytes(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "g", "4x", "-1g", "4gig", "1,5g", "4 gb extra", "1e9", "four"})
    void rejectsMalformedSizes(String text) {
        ArenaException e = assertThrows(ArenaException.class, () -> Sizes.parseBytes(text));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("invalid size '" + text + "': use for example 512m or 4g", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5m", "0", "0g", "1024", "6143k", "5.99m"})
    void rejectsSizesBelowDockersMinimum(String text) {
        ArenaException e = assertThrows(ArenaException.class, () -> Sizes.parseBytes(text));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("size '" + text + "' is too small: Docker needs at least 6m", e.getMessage());
    }
}
