package dev.arena.agent.gladiator;

import dev.arena.agent.llm.Turn;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConversationTest {
    private static void exchange(Conversation c, int n, int resultChars) {
        c.add(new Turn.Assistant("", List.of(new Turn.ToolCall("call_" + n, "read_file", "{}"))),
                new Turn.ToolResults(List.of(new Turn.ToolResult("call_" + n, "r".repeat(resultChars), false))));
    }

    @Test
    void withinTheBudgetNothingIsDropped() {
        Conversation c = new Conversation("the task", 10_000, 100);
        exchange(c, 1, 1000);
        assertTrue(c.fit());
        assertEquals(3, c.turns().size());
        assertEquals("the task", ((Turn.User) c.turns().get(0)).text());
    }

    @Test
    void theOldestWholeExchangesGoFirstAndThePromptStays() {
        Conversation c = new Conversation("the task", 1_000, 0);
        for (int i = 1; i <= 5; i++) {
            exchange(c, i, 1000); // about 300 tokens each at the default estimate
        }
        assertTrue(c.fit());
        List<Turn> turns = c.turns();
        assertEquals(2, c.dropped());
        assertEquals(7, turns.size(), "the prompt and three exchanges");
        assertTrue(((Turn.User) turns.get(0)).text().startsWith("the task\n\n[Note: the 2 oldest tool exchange(s)"));
        for (int i = 1; i < turns.size(); i += 2) {
            Turn.Assistant call = assertInstanceOf(Turn.Assistant.class, turns.get(i));
            Turn.ToolResults results = assertInstanceOf(Turn.ToolResults.class, turns.get(i + 1));
            assertEquals(call.toolCalls().get(0).id(), results.results().get(0).callId(), "a call is never split from its result");
        }
        assertEquals("call_3", ((Turn.Assistant) turns.get(1)).toolCalls().get(0).id());
    }

    @Test
    void theEstimateFollowsWhatTheApiReported() {
        Conversation c = new Conversation("p".repeat(1000), 1_000, 0);
        exchange(c, 1, 2000);
        assertTrue(c.estimatedTokens() > 900);
        c.calibrate(300); // the API counted fewer tokens than the default guess
        assertTrue(c.estimatedTokens() <= 300);
        assertTrue(c.fit());
        assertEquals(0, c.dropped());
    }

    @Test
    void whenEvenTheNewestExchangeDoesNotFitTheConversationIsExhausted() {
        Conversation c = new Conversation("task", 100, 0);
        exchange(c, 1, 10_000);
        exchange(c, 2, 10_000);
        assertFalse(c.fit());
        assertEquals(3, c.turns().size(), "the newest exchange is kept for the record");
    }
}
