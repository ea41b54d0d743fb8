package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobItemsTest {

    @Test
    void indexesBecomeRangesAndPodIGetsTheIthIndex() {
        JobItems items = JobItems.of(List.of(7, 1, 4, 5, 6, 4, 0));

        assertEquals("0-1,4-7", items.toString(), "sorted, distinct, runs joined");
        assertEquals(6, items.size());
        assertEquals(List.of(0, 1, 4, 5, 6, 7), java.util.stream.IntStream.range(0, 6).map(items::itemAt).boxed().toList());
        assertEquals(items.toString(), JobItems.parse(items.toString()).toString());
        assertEquals(3, JobItems.parse("3").itemAt(0));
    }

    @Test
    void aCompletionIndexOutsideTheListIsAUsageError() {
        JobItems items = JobItems.parse("2,9");
        for (int i : new int[] {-1, 2}) {
            ArenaException e = assertThrows(ArenaException.class, () -> items.itemAt(i));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("is not in this Job's 2 item(s)"), e.getMessage());
        }
    }

    @Test
    void onlyTheStrictFormIsAccepted() {
        for (String bad : new String[] {"", "1,1", "2,1", "3-1", "1-3,2", "a", "1,,2", ",1", "1,", " 1", "-1", "01",
                "1-", "9999999999", "1;2", "1\n2"}) {
            ArenaException e = assertThrows(ArenaException.class, () -> JobItems.parse(bad), "'" + bad + "'");
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().startsWith("invalid $ARENA_ITEMS: "), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line");
        }
    }

    @Test
    void aRangeAsWideAsAnIntIsNeverExpanded() {
        JobItems wide = JobItems.parse("0-999999999");
        assertEquals(1_000_000_000L, wide.size());
        assertEquals(999_999_999, wide.itemAt(999_999_999));
    }
}
