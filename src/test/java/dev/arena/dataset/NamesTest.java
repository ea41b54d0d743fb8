package dev.arena.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "7", "task-1", "task_2", "py-textkit", "v1.2.3", "A.b_c-D", "x-", "x.", "x_"})
    void acceptsSafeNames(String name) {
        assertTrue(Names.isSafe(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".hidden", "-flag", "_under", "a/b", "../up", "a b", " a", "a ", "tâche", "задача",
            "a\tb", "a\nb", "a:b", "a@b", "a+b", "a\\b", "日本"})
    void rejectsUnsafeNames(String name) {
        assertFalse(Names.isSafe(name), name);
    }

    @Test
    void rejectsNull() {
        assertFalse(Names.isSafe(null));
    }

    @Test
    void acceptsUpTo63CharactersAndRejects64() {
        String max = "a".repeat(63);
        String over = "a".repeat(64);
        assertEquals(63, max.length());
        assertTrue(Names.isSafe(max));
        assertFalse(Names.isSafe(over));
        assertTrue(Names.isSafe("t" + "-".repeat(62)));
        assertFalse(Names.isSafe("t" + "-".repeat(63)));
    }

    private static int sign(int n) {
        return Integer.signum(n);
    }

    private static List<String> sorted(String... names) {
        List<String> list = new ArrayList<>(List.of(names));
        list.sort(Names.NATURAL_ORDER);
        return list;
    }

    @Test
    void sortsDigitRunsAsNumbers() {
        assertEquals(-1, sign(Names.NATURAL_ORDER.compare("task-2", "task-10")));
        assertEquals(1, sign(Names.NATURAL_ORDER.compare("task-10", "task-2")));
        assertEquals(List.of("task-1", "task-2", "task-9", "task-10", "task-11", "task-100"),
                sorted("task-100", "task-10", "task-2", "task-11", "task-1", "task-9"));
    }

    @Test
    void comparesLeadingZerosByValue() {
        assertEquals(-1, sign(Names.NATURAL_ORDER.compare("task-002", "task-10")));
        assertEquals(1, sign(Names.NATURAL_ORDER.compare("task-010", "task-9")));
        assertEquals(List.of("task-0", "task-001", "task-02", "task-3", "task-010"),
                sorted("task-010", "task-3", "task-0", "task-02", "task-001"));
    }

    @Test
    void equalPrefixesPutTheShorterNameFirst() {
        assertEquals(0, Names.NATURAL_ORDER.compare("task-1", "task-1"));
        assertEquals(-1, sign(Names.NATURAL_ORDER.compare("task", "task-1")));
        assertEquals(1, sign(Names.NATURAL_ORDER.compare("task-1", "task")));
        assertEquals(-1, sign(Names.NATURAL_ORDER.compare("task-1", "task-1a")));
        assertEquals(-1, sign(Names.NATURAL_ORDER.compare("task-1a", "task-1b")));
        assertEquals(List.of("a", "a1", "a2", "a10", "a10b", "b"), sorted("b", "a10b", "a10", "a2", "a", "a1"));
    }

    @Test
    void comparesNonDigitsByCharacter() {
        assertEquals(-1, sign(Names.NATURAL_ORDER.compare("alpha", "beta")));
        assertEquals(-1, sign(Names.NATURAL_ORDER.compare("B", "a")));
        assertEquals(List.of("x-1-2", "x-1-10", "x-2-1"), sorted("x-2-1", "x-1-10", "x-1-2"));
    }

    @Test
    void handlesNumbersLongerThanALong() {
        String big = "task-" + "9".repeat(30);
        String bigger = "task-1" + "0".repeat(30);
        assertEquals(-1, sign(Names.NATURAL_ORDER.compare(big, bigger)));
        assertEquals(1, sign(Names.NATURAL_ORDER.compare(bigger, big)));
    }

    @Test
    void distinctNamesNeverCompareEqual() {
        assertNotEquals(0, Names.NATURAL_ORDER.compare("task-01", "task-1"));
        assertEquals(-sign(Names.NATURAL_ORDER.compare("task-01", "task-1")),
                sign(Names.NATURAL_ORDER.compare("task-1", "task-01")));
        assertEquals(sorted("task-1", "task-01"), sorted("task-01", "task-1"));
    }
}
