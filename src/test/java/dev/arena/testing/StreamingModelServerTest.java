package dev.arena.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.testing.ScriptedModelServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wire format of {@link StreamingModelServer}, read with a plain HTTP client (the real CLIs are in its IT). */
class StreamingModelServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private StreamingModelServer server;

    private record Event(String name, JsonNode data) {
    }

    @BeforeEach
    void start() {
        server = new StreamingModelServer(List.of(Reply.tool("Bash", "{\"command\":\"echo fixed > answer.txt\"}"),
                Reply.answer("done"))).requireToken("tok");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void messagesStreamATurnsToolUseInAnthropicsEventOrder() throws Exception {
        HttpResponse<String> response = post("/v1/messages?beta=true", "x-api-key", "tok", messages(0, true));
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("content-type").orElse(""));
        List<Event> events = events(response.body());
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop"), events.stream().map(Event::name).toList());
        assertEquals(800, events.get(0).data().path("message").path("usage").path("input_tokens").asInt());
        assertEquals("Bash", events.get(1).data().path("content_block").path("name").asText());
        String json = events.get(2).data().path("delta").path("partial_json").asText()
                + events.get(3).data().path("delta").path("partial_json").asText();
        assertEquals("echo fixed > answer.txt", JSON.readTree(json).path("command").asText(), "the split deltas join to the arguments");
        assertEquals("tool_use", events.get(5).data().path("delta").path("stop_reason").asText());
        assertEquals(50, events.get(5).data().path("usage").path("output_tokens").asInt());

        StreamingModelServer.Seen seen = server.seen().get(0);
        assertEquals("/v1/messages", seen.path());
        assertEquals("beta=true", seen.query());
        assertEquals("tok", seen.header("x-api-key"));
        assertTrue(seen.streamed());
    }

    @Test
    void messagesAnswerTheNextStepOnceTheConversationHoldsAnAssistantTurnStreamedOrNot() throws Exception {
        List<Event> events = events(post("/v1/messages", "x-api-key", "tok", messages(1, true)).body());
        assertEquals("text", events.get(1).data().path("content_block").path("type").asText());
        assertEquals("done", events.get(2).data().path("delta").path("text").asText() + events.get(3).data().path("delta").path("text").asText());
        assertEquals("end_turn", events.get(5).data().path("delta").path("stop_reason").asText());

        JsonNode whole = JSON.readTree(post("/v1/messages", "x-api-key", "tok", messages(0, false)).body());
        assertEquals("tool_use", whole.path("stop_reason").asText());
        assertEquals("echo fixed > answer.txt", whole.path("content").path(0).path("input").path("command").asText());
    }

    @Test
    void responsesStreamAFunctionCallThenTheFinalMessageAfterItsOutput() throws Exception {
        ObjectNode first = JSON.createObjectNode().put("model", "m").put("stream", true);
        first.putArray("input").addObject().put("type", "message").put("role", "user").put("content", "go");
        first.putArray("tools").addObject().put("type", "function").put("name", "exec_command");
        HttpResponse<String> response = post("/v1/responses", "authorization", "Bearer tok", first);
        List<Event> events = events(response.body());
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed"),
                events.stream().map(Event::name).toList());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(events.get(i).name(), events.get(i).data().path("type").asText());
            assertEquals(i, events.get(i).data().path("sequence_number").asInt(), "numbered in order");
        }
        JsonNode call = events.get(6).data().path("item");
        assertEquals("function_call", call.path("type").asText());
        assertEquals("call_0_0", call.path("call_id").asText());
        assertEquals(events.get(3).data().path("delta").asText() + events.get(4).data().path("delta").asText(),
                call.path("arguments").asText());
        JsonNode usage = events.get(7).data().path("response").path("usage");
        assertEquals(850, usage.path("total_tokens").asInt());
        assertEquals(150, usage.path("input_tokens_details").path("cached_tokens").asInt());

        ObjectNode second = first.deepCopy();
        second.withArray("/input").addObject().put("type", "function_call").put("call_id", "call_0_0").put("name", "exec_command");
        second.withArray("/input").addObject().put("type", "function_call_output").put("call_id", "call_0_0").put("output", "");
        List<Event> after = events(post("/v1/responses", "authorization", "Bearer tok", second).body());
        JsonNode message = after.stream().filter(e -> e.name().equals("response.output_item.done")).findFirst().orElseThrow()
                .data().path("item");
        assertEquals("message", message.path("type").asText());
        assertEquals("done", message.path("content").path(0).path("text").asText());
        assertTrue(after.stream().anyMatch(e -> e.name().equals("response.output_text.delta")));

        second.put("stream", false);
        JsonNode whole = JSON.readTree(post("/v1/responses", "authorization", "Bearer tok", second).body());
        assertEquals("completed", whole.path("status").asText());
        assertEquals("done", whole.path("output").path(0).path("content").path(0).path("text").asText());
    }

    @Test
    void aScriptedUsageIsWhatEveryCallReportsInEachApisConvention() throws Exception {
        server.usage(new StreamingModelServer.Usage(1234, 321, 200));

        List<Event> streamed = events(post("/v1/messages", "x-api-key", "tok", messages(0, true)).body());
        assertEquals(1234, streamed.get(0).data().path("message").path("usage").path("input_tokens").asInt());
        JsonNode end = streamed.get(5).data().path("usage");
        assertEquals(List.of(1234, 321, 200), List.of(end.path("input_tokens").asInt(), end.path("output_tokens").asInt(),
                end.path("cache_read_input_tokens").asInt()));
        JsonNode whole = JSON.readTree(post("/v1/messages", "x-api-key", "tok", messages(1, false)).body()).path("usage");
        assertEquals(List.of(1234, 321, 200), List.of(whole.path("input_tokens").asInt(), whole.path("output_tokens").asInt(),
                whole.path("cache_read_input_tokens").asInt()));

        ObjectNode request = JSON.createObjectNode().put("model", "m").put("stream", false);
        request.putArray("input").addObject().put("type", "message").put("role", "user").put("content", "go");
        JsonNode responses = JSON.readTree(post("/v1/responses", "authorization", "Bearer tok", request).body()).path("usage");
        assertEquals(List.of(1234, 321, 200, 1555), List.of(responses.path("input_tokens").asInt(), responses.path("output_tokens").asInt(),
                responses.path("input_tokens_details").path("cached_tokens").asInt(), responses.path("total_tokens").asInt()));
    }

    @Test
    void anotherTokenGets401AndIsStillRecorded() throws Exception {
        assertEquals(401, post("/v1/messages", "x-api-key", "stolen", messages(0, true)).statusCode());
        assertEquals(401, post("/v1/responses", "authorization", "Bearer stolen", messages(0, true)).statusCode());
        assertEquals(List.of("stolen", "Bearer stolen"), List.of(server.seen().get(0).header("x-api-key"),
                server.seen().get(1).header("authorization")));
        assertEquals(200, post("/v1/messages/count_tokens", "x-api-key", "tok", messages(0, false)).statusCode());
        assertEquals(404, post("/v1/elsewhere", "x-api-key", "tok", messages(0, false)).statusCode());
    }

    private static ObjectNode messages(int assistantTurns, boolean stream) {
        ObjectNode body = JSON.createObjectNode().put("model", "m").put("stream", stream);
        body.putArray("tools").addObject().put("name", "Bash");
        body.withArray("/messages").addObject().put("role", "user").put("content", "go");
        for (int i = 0; i < assistantTurns; i++) {
            body.withArray("/messages").addObject().put("role", "assistant").put("content", "turn " + i);
            body.withArray("/messages").addObject().put("role", "user").put("content", "result " + i);
        }
        return body;
    }

    private HttpResponse<String> post(String path, String header, String value, JsonNode body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.root() + path)).header(header, value)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<Event> events(String body) throws Exception {
        List<Event> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String[] lines = block.split("\n");
            if (lines.length == 2 && lines[0].startsWith("event: ") && lines[1].startsWith("data: ")) {
                events.add(new Event(lines[0].substring(7), JSON.readTree(lines[1].substring(6))));
            }
        }
        return events;
    }
}
