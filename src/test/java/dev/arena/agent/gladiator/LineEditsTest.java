package dev.arena.agent.gladiator;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.arena.agent.gladiator.LineEdits.Type.DELETE;
import static dev.arena.agent.gladiator.LineEdits.Type.INSERT;
import static dev.arena.agent.gladiator.LineEdits.Type.REPLACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineEditsTest {
    private static LineEdits.Edit e(LineEdits.Type type, int line, String content) {
        return new LineEdits.Edit(type, line, content);
    }

    @Test
    void lineNumbersReferToTheOriginalWhateverTheOrder() throws Exception {
        String original = "1\n2\n3\n4\n";
        List<LineEdits.Edit> edits = List.of(e(DELETE, 1, null), e(INSERT, 3, "x"), e(REPLACE, 4, "four"), e(INSERT, 5, "end"));
        String expected = "2\nx\n3\nfour\nend\n";
        assertEquals(expected, LineEdits.apply(original, edits));
        assertEquals(expected, LineEdits.apply(original, List.of(edits.get(3), edits.get(1), edits.get(2), edits.get(0))));
    }

    @Test
    void onOneLineInsertsGoBeforeAReplacementInTheOrderGiven() throws Exception {
        assertEquals("a\nb\nNEW\nz\n", LineEdits.apply("old\nz\n", List.of(e(INSERT, 1, "a"), e(REPLACE, 1, "NEW"), e(INSERT, 1, "b"))));
        assertEquals("a\nz\n", LineEdits.apply("old\nz\n", List.of(e(DELETE, 1, null), e(INSERT, 1, "a"))));
    }

    @Test
    void keepsLineEndingsAndTheMissingFinalNewline() throws Exception {
        assertEquals("a\nB", LineEdits.apply("a\nb", List.of(e(REPLACE, 2, "B"))));
        assertEquals("a\r\nB1\r\nB2\r\n", LineEdits.apply("a\r\nb\r\n", List.of(e(REPLACE, 2, "B1\nB2\n"))));
        assertEquals("only\n", LineEdits.apply("", List.of(e(INSERT, 1, "only"))));
        assertEquals("", LineEdits.apply("gone\n", List.of(e(DELETE, 1, null))));
        assertEquals("ünï\n✓ 日本\n", LineEdits.apply("ünï\nx\n", List.of(e(REPLACE, 2, "✓ 日本"))));
    }

    @Test
    void editsOutsideTheFileOrTwiceOnALineAreRefused() {
        assertTrue(assertThrows(ToolException.class, () -> LineEdits.apply("a\n", List.of(e(REPLACE, 2, "x")))).getMessage().contains("outside"));
        assertThrows(ToolException.class, () -> LineEdits.apply("a\n", List.of(e(INSERT, 3, "x"))));
        assertThrows(ToolException.class, () -> LineEdits.apply("a\n", List.of(e(DELETE, 0, null))));
        assertTrue(assertThrows(ToolException.class, () -> LineEdits.apply("a\nb\n", List.of(e(REPLACE, 1, "x"), e(DELETE, 1, null))))
                .getMessage().contains("more than once"));
        assertThrows(ToolException.class, () -> LineEdits.apply("a\n", List.of()));
    }
}
