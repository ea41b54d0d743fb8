package dev.arena.agent.gladiator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkspaceTest {
    @Test
    void pathsAreRelativeToAppAndNeverLeaveIt() throws Exception {
        assertEquals("/app/src/a.py", Workspace.path("src/a.py"));
        assertEquals("/app/src/a.py", Workspace.path("./src//x/../a.py"));
        assertEquals("/app/src/a.py", Workspace.path("/app/src/a.py"));
        assertEquals("/app", Workspace.path(""));
        assertEquals("/app", Workspace.path("."));
        assertEquals("/app", Workspace.path("/app"));
        assertThrows(ToolException.class, () -> Workspace.path(".."));
        assertThrows(ToolException.class, () -> Workspace.path("src/../../etc/passwd"));
        assertThrows(ToolException.class, () -> Workspace.path("/etc/passwd"));
        assertThrows(ToolException.class, () -> Workspace.path("/application/x"));
        assertEquals("src/a.py", Workspace.shown("/app/src/a.py"));
        assertEquals(".", Workspace.shown("/app"));
    }

    @Test
    void quotingSurvivesSingleQuotes() {
        assertEquals("'it'\\''s'", Workspace.quote("it's"));
    }

    @Test
    void longOutputKeepsHeadAndTailWithANote() {
        String text = "h".repeat(700) + "m".repeat(1000) + "t".repeat(300);
        String capped = Workspace.cap(text, 900);
        assertTrue(capped.startsWith("h".repeat(600)) && capped.endsWith("t".repeat(300)), capped);
        assertTrue(capped.contains("[output truncated: 1100 of 2000 characters cut here]"));
        assertEquals("short", Workspace.cap("short", 900));
    }
}
