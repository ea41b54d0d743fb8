package dev.arena.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Sleeper;
import dev.arena.testing.ScriptedModelServer;
import dev.arena.testing.ScriptedModelServer.Protocol;
import dev.arena.testing.ScriptedModelServer.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each model API receives for the operator's model settings, read from the requests a scripted server got. */
class ModelSettingsRequestTest {
    private static final List<ToolSpec> TOOLS = List.of(new ToolSpec("read_file", "Reads a file.",
            JsonNodeFactory.instance.objectNode().put("type", "object")));

    /** The body of one real call of the client for {@code model} with {@code sampling}. */
    private static JsonNode sent(Protocol protocol, String model, Sampling sampling) throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(protocol, List.of(Reply.answer("done")))) {
            client(server, model).complete(request(List.of(new Turn.User("fix it")), sampling), deadline());
            return server.requests().get(0);
        }
    }

    private static ModelClient client(ScriptedModelServer server, String model) {
        ModelEndpoint endpoint = new ModelEndpoint(ModelRef.parse(model), server.baseUrl(), "test-key");
        return ModelClient.of(endpoint, new HttpTransport(RetryPolicy.DEFAULT, Sleeper.REAL, Duration.ofSeconds(20)));
    }

    private static ModelRequest request(List<Turn> turns, Sampling sampling) {
        return new ModelRequest("be brief", turns, TOOLS, 16_000, sampling);
    }

    private static Instant deadline() {
        return Instant.now().plusSeconds(30);
    }

    private static Set<String> fields(JsonNode body) {
        Set<String> names = new TreeSet<>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void openAiGetsTemperatureMaxCompletionTokensAndReasoningEffort() throws Exception {
        JsonNode body = sent(Protocol.OPENAI, "openai/gpt-5", new Sampling(0.3, 2_000, ReasoningEffort.HIGH));
        assertEquals(0.3, body.path("temperature").doubleValue());
        assertEquals(2_000, body.path("max_completion_tokens").intValue());
        assertEquals("high", body.path("reasoning_effort").textValue());
        assertFalse(body.has("max_tokens"), "OpenAI's reasoning models refuse max_tokens: " + body);
    }

    @Test
    void geminiGetsReasoningEffortAndMaxTokens() throws Exception {
        JsonNode body = sent(Protocol.OPENAI, "gemini/gemini-2.5-pro", new Sampling(0.0, 3_000, ReasoningEffort.LOW));
        assertEquals(0.0, body.path("temperature").doubleValue());
        assertTrue(body.path("temperature").isNumber());
        assertEquals(3_000, body.path("max_tokens").intValue());
        assertEquals("low", body.path("reasoning_effort").textValue());
        assertFalse(body.has("max_completion_tokens"));
    }

    @Test
    void openRouterGetsItsReasoningObject() throws Exception {
        JsonNode body = sent(Protocol.OPENAI, "openrouter/anthropic/claude-sonnet-4.5", new Sampling(null, 5_000, ReasoningEffort.MEDIUM));
        assertEquals("medium", body.path("reasoning").path("effort").textValue());
        assertEquals(5_000, body.path("max_tokens").intValue());
        assertFalse(body.has("reasoning_effort"));
        assertFalse(body.has("temperature"), "an unset temperature is not sent");
    }

    @Test
    void unsetSettingsAddNothingToAnyRequest() throws Exception {
        assertEquals(Set.of("model", "messages", "tools"), fields(sent(Protocol.OPENAI, "openai/gpt-4.1", Sampling.NONE)));
        assertEquals(Set.of("model", "messages", "tools"), fields(sent(Protocol.OPENAI, "gemini/gemini-2.5-pro", Sampling.NONE)));
        assertEquals(Set.of("model", "messages", "tools"), fields(sent(Protocol.OPENAI, "openrouter/x/y", Sampling.NONE)));
        JsonNode anthropic = sent(Protocol.ANTHROPIC, "anthropic/claude-sonnet-4-5", Sampling.NONE);
        assertEquals(Set.of("model", "max_tokens", "system", "messages", "tools"), fields(anthropic));
        assertEquals(16_000, anthropic.path("max_tokens").intValue(), "the default cap, as before");
    }

    @Test
    void anthropicWithoutEffortGetsTemperatureAndTheCapAsMaxTokens() throws Exception {
        JsonNode body = sent(Protocol.ANTHROPIC, "anthropic/claude-sonnet-4-5", new Sampling(0.2, 4_096, null));
        assertEquals(0.2, body.path("temperature").doubleValue());
        assertEquals(4_096, body.path("max_tokens").intValue());
        assertFalse(body.has("thinking"));
    }

    @Test
    void anthropicEffortTurnsOnThinkingWithItsBudgetAndRoomForTheAnswer() throws Exception {
        JsonNode body = sent(Protocol.ANTHROPIC, "anthropic/claude-sonnet-4-5", new Sampling(1.0, null, ReasoningEffort.MEDIUM));
        assertEquals("enabled", body.path("thinking").path("type").textValue());
        assertEquals(8_000, body.path("thinking").path("budget_tokens").intValue());
        assertEquals(8_000 + 16_000, body.path("max_tokens").intValue(), "the budget plus the default cap");
        assertFalse(body.has("temperature"), "thinking allows no temperature but 1, which is not sent: " + body);

        JsonNode capped = sent(Protocol.ANTHROPIC, "anthropic/claude-sonnet-4-5", new Sampling(null, 20_000, ReasoningEffort.HIGH));
        assertEquals(16_000, capped.path("thinking").path("budget_tokens").intValue());
        assertEquals(20_000, capped.path("max_tokens").intValue(), "the operator's cap counts the thinking");
    }

    @Test
    void anthropicThinkingBlocksGoBackWithTheirTurn() throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.ANTHROPIC,
                List.of(Reply.tool("read_file", "{\"path\":\"a.txt\"}"), Reply.answer("done")))) {
            ModelClient client = client(server, "anthropic/claude-sonnet-4-5");
            Sampling thinking = new Sampling(null, null, ReasoningEffort.LOW);
            List<Turn> turns = new ArrayList<>(List.of(new Turn.User("fix it")));
            ModelReply first = client.complete(request(turns, thinking), deadline());
            assertEquals(1, first.thinking().size());
            turns.add(first.asTurn());
            turns.add(new Turn.ToolResults(List.of(new Turn.ToolResult(first.toolCalls().get(0).id(), "hello", false))));
            client.complete(request(turns, thinking), deadline());

            JsonNode assistant = server.requests().get(1).path("messages").get(1);
            assertEquals("assistant", assistant.path("role").textValue());
            Iterator<JsonNode> blocks = assistant.path("content").elements();
            JsonNode firstBlock = blocks.next();
            assertEquals("thinking", firstBlock.path("type").textValue(), "the thinking block leads the turn: " + assistant);
            assertEquals("sig-0", firstBlock.path("signature").textValue(), "unchanged, signature and all");
            assertEquals("tool_use", blocks.next().path("type").textValue());
        }
    }

    @Test
    void anthropicRefusesCapsWithinTheBudgetAndTemperaturesOtherThanOneWithThinking() {
        ModelRef claude = ModelRef.parse("anthropic/claude-sonnet-4-5");
        ArenaException cap = assertThrows(ArenaException.class,
                () -> ModelClient.check(claude, new Sampling(null, 16_000, ReasoningEffort.HIGH)));
        assertEquals(ExitCode.USAGE, cap.exitCode());
        assertTrue(cap.getMessage().contains("16000"), cap.getMessage());
        ArenaException temperature = assertThrows(ArenaException.class,
                () -> ModelClient.check(claude, new Sampling(0.5, null, ReasoningEffort.LOW)));
        assertTrue(temperature.getMessage().contains("temperature 1"), temperature.getMessage());
        // the same settings are fine where they are sent as they are
        ModelClient.check(ModelRef.parse("openai/gpt-5"), new Sampling(0.5, 1_000, ReasoningEffort.HIGH));
        ModelClient.check(claude, new Sampling(1.0, 16_001, ReasoningEffort.HIGH));
    }
}
