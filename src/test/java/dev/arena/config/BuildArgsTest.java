package dev.arena.config;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BuildArgsTest {

    @Test
    void nothingGivenIsEmpty() {
        assertEquals(Map.of(), BuildArgs.resolve(null, List.of()));
        assertEquals(Map.of(), BuildArgs.resolve("", List.of()));
        assertEquals(Map.of(), BuildArgs.resolve("  \t ", List.of()));
    }

    @Test
    void readsTheEnvironmentSeparatedByCommasAndSpaces() {
        Map<String, String> args = BuildArgs.resolve(" BASE_IMAGE=arena-base:bookworm, PIP_INDEX=http://mirror/simple  NODE=20,,X=1 \n", List.of());
        assertEquals(List.of("BASE_IMAGE", "PIP_INDEX", "NODE", "X"), new ArrayList<>(args.keySet()));
        assertEquals(Map.of("BASE_IMAGE", "arena-base:bookworm", "PIP_INDEX", "http://mirror/simple", "NODE", "20", "X", "1"), args);
    }

    @Test
    void valuesMayBeEmptyOrHoldEqualsSigns() {
        assertEquals(Map.of("EMPTY", "", "OPTS", "a=b=c"), BuildArgs.resolve("EMPTY=,OPTS=a=b=c", List.of()));
    }

    @Test
    void flagsOverrideTheEnvironmentAndAddToIt() {
        Map<String, String> args = BuildArgs.resolve("BASE_IMAGE=from-env,KEEP=1",
                List.of("BASE_IMAGE=from-flag", "EXTRA=x y"));
        assertEquals(Map.of("BASE_IMAGE", "from-flag", "KEEP", "1", "EXTRA", "x y"), args);
        assertEquals(List.of("BASE_IMAGE", "KEEP", "EXTRA"), new ArrayList<>(args.keySet()));
    }

    @Test
    void aLaterFlagWinsOverAnEarlierOne() {
        assertEquals(Map.of("A", "2"), BuildArgs.resolve(null, List.of("A=1", "A=2")));
    }

    @Test
    void anInvalidPairInTheEnvironmentIsAUsageError() {
        ArenaException e = assertThrows(ArenaException.class, () -> BuildArgs.resolve("A=1 NOVALUE", List.of()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("invalid build argument 'NOVALUE' in ARENA_BUILD_ARGS: use KEY=VALUE", e.getMessage());
    }

    @Test
    void anInvalidFlagIsAUsageError() {
        ArenaException e = assertThrows(ArenaException.class, () -> BuildArgs.resolve("A=1", List.of("=value")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("invalid build argument '=value' in --build-arg: use KEY=VALUE", e.getMessage());
    }
}
