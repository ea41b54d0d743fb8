package dev.arena.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.testing.ScriptedModelServer;
import dev.arena.testing.ScriptedModelServer.Protocol;
import dev.arena.testing.ScriptedModelServer.Reply;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Vertex AI wire formats against the scripted server at a local base URL, signed by a fake token source. */
class VertexClientTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String LOCATION = "/v1/projects/proj-1/locations/us-east5";

    private final MutableClock clock = new MutableClock();
    private final FakeTokens tokens = new FakeTokens();
    private final HttpTransport transport = new HttpTransport(RetryPolicy.DEFAULT, d -> { }, Duration.ofSeconds(30));

    @Test
    void claudeOnVertexPostsTheMessagesShapeToRawPredictWithTheVersionInTheBodyAndNoModel() throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.ANTHROPIC, List.of(Reply.tool("read_file", "{\"path\": \"a.py\"}")))) {
            ModelClient client = client("vertex_ai/claude-sonnet-4-5@20250929", server);

            ModelReply reply = client.complete(request(List.of(new Turn.User("fix it"))), deadline());

            assertEquals(List.of(LOCATION + "/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict"), server.paths());
            JsonNode body = server.requests().get(0);
            assertEquals("vertex-2023-10-16", body.path("anthropic_version").asText());
            assertFalse(body.has("model"), "the model is in the URL: " + body);
            assertEquals("fix it", body.path("messages").get(0).path("content").get(0).path("text").asText());
            assertEquals(List.of("Bearer token-1"), server.headers().get(0).get("Authorization"));
            assertEquals(null, server.headers().get(0).get("X-api-key"), "no API key header");
            assertEquals("read_file", reply.toolCalls().get(0).name());
            assertEquals(800, reply.usage().input());
        }
    }

    @Test
    void geminiOnVertexUsesTheOpenAiCompatibleEndpointWithAGoogleModelName() throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.OPENAI, List.of(Reply.answer("done")))) {
            ModelClient client = client("vertex_ai/gemini-2.5-pro", server);

            ModelReply reply = client.complete(request(List.of(new Turn.User("fix it"))), deadline());

            assertEquals(List.of(LOCATION + "/endpoints/openapi/chat/completions"), server.paths());
            assertEquals("google/gemini-2.5-pro", server.requests().get(0).path("model").asText());
            assertEquals(List.of("Bearer token-1"), server.headers().get(0).get("Authorization"));
            assertEquals("done", reply.text());
        }
    }

    @Test
    void theTokenIsReusedAndFetchedAgainBeforeItExpires() throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.OPENAI, List.of())) {
            ModelClient client = client("vertex_ai/gemini-2.5-flash", server);
            List<Turn> turns = List.of(new Turn.User("hi"));

            client.complete(request(turns), deadline());
            clock.now = T0.plus(Duration.ofMinutes(30));
            client.complete(request(turns), deadline());
            // token-1 lives an hour; with less than the margin left it is replaced before a call can fail on it
            clock.now = T0.plus(Duration.ofMinutes(56));
            client.complete(request(turns), deadline());

            assertEquals(List.of("Bearer token-1", "Bearer token-1", "Bearer token-2"),
                    server.headers().stream().map(h -> h.get("Authorization").get(0)).toList());
            assertEquals(2, tokens.fetched);
        }
    }

    @Test
    void geminiThoughtSignaturesGoBackUnchangedWithTheirCallsOnTheNextRequest() throws Exception {
        List<Reply> script = List.of(Reply.tool("read_file", "{\"path\": \"a.py\"}"), Reply.answer("done"));
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.OPENAI, script).withThoughtSignatures()) {
            ModelEndpoint endpoint = ModelEndpoint.resolve(ModelRef.parse("gemini/gemini-3-pro-preview"), server.baseUrl(),
                    java.util.Map.of("GEMINI_API_KEY", "g")::get);
            ModelClient client = ModelClient.of(endpoint, transport);
            List<Turn> turns = new ArrayList<>(List.of(new Turn.User("fix it")));

            ModelReply first = client.complete(request(turns), deadline());
            assertEquals("sig-0-0", first.toolCalls().get(0).thoughtSignature());
            turns.add(first.asTurn());
            turns.add(new Turn.ToolResults(List.of(new Turn.ToolResult(first.toolCalls().get(0).id(), "print(1)", false))));
            client.complete(request(turns), deadline());

            JsonNode assistant = server.requests().get(1).path("messages").get(2);
            assertEquals("assistant", assistant.path("role").asText());
            JsonNode call = assistant.path("tool_calls").get(0);
            assertEquals("call_0_0", call.path("id").asText());
            assertEquals("sig-0-0", call.path("extra_content").path("google").path("thought_signature").asText(), assistant.toString());
            assertFalse(server.requests().get(0).toString().contains("extra_content"), "nothing is invented for the first request");
        }
    }

    @Test
    void aCallWithoutASignatureSendsNone() throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.OPENAI, List.of(Reply.tool("list_dir", "{}"), Reply.answer("ok")))) {
            ModelClient client = ModelClient.of(ModelEndpoint.resolve(ModelRef.parse("openai/gpt-4.1"), server.baseUrl(),
                    java.util.Map.of("OPENAI_API_KEY", "k")::get), transport);
            List<Turn> turns = new ArrayList<>(List.of(new Turn.User("go")));
            ModelReply first = client.complete(request(turns), deadline());
            turns.add(first.asTurn());
            turns.add(new Turn.ToolResults(List.of(new Turn.ToolResult(first.toolCalls().get(0).id(), "[]", false))));
            client.complete(request(turns), deadline());

            assertTrue(server.requests().get(1).path("messages").get(2).path("tool_calls").get(0).path("extra_content").isMissingNode());
        }
    }

    private ModelClient client(String model, ScriptedModelServer server) {
        String root = server.baseUrl().replaceAll("/v1$", "");
        VertexEndpoint endpoint = VertexEndpoint.resolve(ModelRef.parse(model), root, "us-east5", "proj-1");
        return ModelClient.vertex(endpoint, tokens, clock, transport);
    }

    private static ModelRequest request(List<Turn> turns) {
        return new ModelRequest("system", turns, List.of(new ToolSpec("read_file", "reads", new ObjectMapper().createObjectNode())), 1000);
    }

    private static Instant deadline() {
        return Instant.now().plus(Duration.ofMinutes(1));
    }

    /** Hands out token-1, token-2, ... each valid for an hour from the clock's now. */
    private final class FakeTokens implements TokenSource {
        int fetched;

        @Override
        public Token fetch() {
            fetched++;
            return new Token("token-" + fetched, clock.instant().plus(Duration.ofHours(1)));
        }
    }

    private static final class MutableClock extends Clock {
        volatile Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
