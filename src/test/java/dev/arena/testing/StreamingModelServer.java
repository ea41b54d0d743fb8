package dev.arena.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.arena.testing.ScriptedModelServer.Reply;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A model API on 127.0.0.1 that plays a script to the real coding-agent CLIs, streaming as the
 * vendors do: Anthropic Messages ({@code POST /v1/messages}) and OpenAI Responses
 * ({@code POST .../responses}), each as SSE when the request says {@code stream: true} and as one
 * JSON body otherwise. Every request is recorded (method, path, query, headers, body); with
 * {@link #requireToken} any other key or bearer token gets a 401.
 *
 * <p>What the CLIs need from it (found by logging their requests):
 * <ul>
 * <li>Claude Code 2.1.332 ({@code ANTHROPIC_BASE_URL} = {@link #root()}, {@code ANTHROPIC_API_KEY}):
 * {@code POST /v1/messages?beta=true} with {@code x-api-key}, {@code anthropic-beta} and
 * {@code stream: true}, {@code thinking: {type: adaptive}}; its shell tool is {@code Bash} with
 * {@code {"command": ...}}. With {@code CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1} a print-mode
 * run makes no other call. On a 4xx it retries the same turn with fewer betas. It also accepts a
 * stream that ends without {@code message_stop}.</li>
 * <li>Codex 0.171.0 ignores the {@code OPENAI_BASE_URL} variable (it goes to api.openai.com);
 * {@code -c openai_base_url="ROOT/v1"} redirects its built-in provider, which first tries a WebSocket
 * ({@code GET /v1/responses}, six times) before falling back to HTTP. A provider of its own,
 * {@code -c model_provider=arena -c model_providers.arena={base_url=ROOT/v1, env_key=VAR, wire_api="responses"}} makes it call
 * {@code POST /v1/responses} over plain HTTP with {@code Authorization: Bearer $VAR},
 * {@code stream: true}, {@code store: false} and the whole conversation in {@code input} each turn.
 * Its shell tool is the function {@code exec_command} with {@code {"cmd": ...}}; a tool result comes
 * back as a {@code function_call_output} item. It needs {@code response.completed} to end a turn.
 * {@code codex exec} reads stdin when it is not a terminal, so give it an empty stdin.</li>
 * </ul>
 * Turn n of the script answers a conversation holding n model turns (assistant messages; for
 * Responses, runs of model-output items); past the script's end it answers "script over". A Messages
 * request without tools (a title or a side query) gets a short text, not a script step.
 */
public final class StreamingModelServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The tokens every answered call reports, in each API's own convention: Messages gives
     * {@code input} as the fresh prompt tokens beside {@code cached} cache reads; Responses gives
     * {@code input} as the whole prompt, of which {@code cached} were cache reads.
     */
    public record Usage(int input, int output, int cached) {
    }

    /** What each call reports unless {@link #usage(Usage)} says otherwise. */
    public static final Usage DEFAULT_USAGE = new Usage(800, 50, 150);

    /** One request as it arrived; header names lower-case. */
    public record Seen(String method, String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }

        public JsonNode json() {
            try {
                return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.createObjectNode();
            }
        }

        public boolean streamed() {
            return json().path("stream").asBoolean(false);
        }
    }

    private final List<Reply> script;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private volatile String token;
    private volatile Usage usage = DEFAULT_USAGE;

    public StreamingModelServer(List<Reply> script) {
        this.script = List.copyOf(script);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "streaming-model-server");
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The root address: Anthropic's base URL; OpenAI clients take {@code root() + "/v1"}. */
    public String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers 401 to any request whose {@code x-api-key} or bearer token is not {@code expected}. */
    public StreamingModelServer requireToken(String expected) {
        token = expected;
        return this;
    }

    /** Reports {@code usage} for every call from now on. */
    public StreamingModelServer usage(Usage usage) {
        this.usage = usage;
        return this;
    }

    public Usage usage() {
        return usage;
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            Seen request = new Seen(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), headers, body);
            seen.add(request);
            if (token != null && !authorized(request)) {
                send(exchange, 401, error("authentication_error", "invalid token"));
                return;
            }
            boolean post = request.method().equals("POST");
            if (post && path.endsWith("/messages/count_tokens")) {
                send(exchange, 200, JSON.createObjectNode().put("input_tokens", usage.input()));
            } else if (post && path.endsWith("/messages")) {
                messages(exchange, request.json());
            } else if (post && path.endsWith("/responses")) {
                responses(exchange, request.json());
            } else if (request.method().equals("GET") && path.endsWith("/models")) {
                ObjectNode list = JSON.createObjectNode().put("object", "list");
                list.putArray("data");
                list.putArray("models");
                send(exchange, 200, list);
            } else {
                send(exchange, 404, error("not_found_error", "no such endpoint: " + request.method() + " " + path));
            }
        }
    }

    private boolean authorized(Seen request) {
        String bearer = request.header("authorization");
        return token.equals(request.header("x-api-key")) || ("Bearer " + token).equals(bearer);
    }

    private Reply step(int turn) {
        return turn < script.size() ? script.get(turn) : Reply.answer("script over");
    }

    // ---- Anthropic Messages ----

    private void messages(HttpExchange exchange, JsonNode request) throws IOException {
        int turn = 0;
        for (JsonNode m : request.path("messages")) {
            turn += m.path("role").asText().equals("assistant") ? 1 : 0;
        }
        boolean side = !request.path("tools").isArray() || request.path("tools").isEmpty();
        Reply reply = side ? Reply.answer("ok") : step(turn);
        String id = "msg_" + (side ? "side" : turn);
        String model = request.path("model").asText("test-model");
        if (!request.path("stream").asBoolean(false)) {
            send(exchange, 200, anthropicMessage(reply, id, model));
            return;
        }
        Sse sse = new Sse(exchange);
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message").put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model).putNull("stop_reason").putNull("stop_sequence");
        message.putArray("content");
        message.set("usage", anthropicUsage(1));
        sse.event("message_start", start);
        int index = 0;
        if (!reply.text().isEmpty()) {
            ObjectNode block = JSON.createObjectNode().put("type", "text").put("text", "");
            sse.event("content_block_start", blockStart(index, block));
            for (String piece : halves(reply.text())) {
                ObjectNode delta = JSON.createObjectNode().put("type", "text_delta").put("text", piece);
                sse.event("content_block_delta", blockDelta(index, delta));
            }
            sse.event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
            index++;
        }
        for (int i = 0; i < reply.calls().size(); i++, index++) {
            ObjectNode block = JSON.createObjectNode().put("type", "tool_use").put("id", "toolu_" + turn + "_" + i)
                    .put("name", reply.calls().get(i)[0]);
            block.putObject("input");
            sse.event("content_block_start", blockStart(index, block));
            for (String piece : halves(reply.calls().get(i)[1])) {
                ObjectNode delta = JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", piece);
                sse.event("content_block_delta", blockDelta(index, delta));
            }
            sse.event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
        }
        ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", stopReason(reply)).putNull("stop_sequence");
        end.set("usage", anthropicUsage(usage.output()));
        sse.event("message_delta", end);
        sse.event("message_stop", JSON.createObjectNode().put("type", "message_stop"));
    }

    private ObjectNode anthropicMessage(Reply reply, String id, String model) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model).put("stop_reason", stopReason(reply)).putNull("stop_sequence");
        ArrayNode content = body.putArray("content");
        if (!reply.text().isEmpty()) {
            content.addObject().put("type", "text").put("text", reply.text());
        }
        for (int i = 0; i < reply.calls().size(); i++) {
            content.addObject().put("type", "tool_use").put("id", id.replace("msg_", "toolu_") + "_" + i)
                    .put("name", reply.calls().get(i)[0]).set("input", JSON.readTree(reply.calls().get(i)[1]));
        }
        body.set("usage", anthropicUsage(usage.output()));
        return body;
    }

    private static String stopReason(Reply reply) {
        return reply.calls().isEmpty() ? "end_turn" : "tool_use";
    }

    private ObjectNode anthropicUsage(int outputTokens) {
        return JSON.createObjectNode().put("input_tokens", usage.input()).put("output_tokens", outputTokens)
                .put("cache_read_input_tokens", usage.cached()).put("cache_creation_input_tokens", 0);
    }

    private static ObjectNode blockStart(int index, ObjectNode block) {
        ObjectNode event = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
        event.set("content_block", block);
        return event;
    }

    private static ObjectNode blockDelta(int index, ObjectNode delta) {
        ObjectNode event = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        event.set("delta", delta);
        return event;
    }

    // ---- OpenAI Responses ----

    private void responses(HttpExchange exchange, JsonNode request) throws IOException {
        int turn = modelTurns(request.path("input"));
        Reply reply = step(turn);
        String id = "resp_" + turn;
        String model = request.path("model").asText("test-model");
        List<ObjectNode> items = new ArrayList<>();
        if (!reply.text().isEmpty()) {
            ObjectNode item = JSON.createObjectNode().put("id", "msg_" + turn).put("type", "message")
                    .put("status", "completed").put("role", "assistant");
            item.putArray("content").addObject().put("type", "output_text").put("text", reply.text()).putArray("annotations");
            items.add(item);
        }
        for (int i = 0; i < reply.calls().size(); i++) {
            items.add(JSON.createObjectNode().put("id", "fc_" + turn + "_" + i).put("type", "function_call")
                    .put("status", "completed").put("call_id", "call_" + turn + "_" + i)
                    .put("name", reply.calls().get(i)[0]).put("arguments", reply.calls().get(i)[1]));
        }
        ObjectNode done = response(id, model, "completed");
        ArrayNode output = (ArrayNode) done.get("output");
        items.forEach(output::add);
        done.set("usage", openAiUsage());
        if (!request.path("stream").asBoolean(false)) {
            send(exchange, 200, done);
            return;
        }
        Sse sse = new Sse(exchange);
        sse.event("response.created", wrap("response.created", response(id, model, "in_progress")));
        sse.event("response.in_progress", wrap("response.in_progress", response(id, model, "in_progress")));
        for (int index = 0; index < items.size(); index++) {
            ObjectNode item = items.get(index);
            String itemId = item.path("id").asText();
            ObjectNode added = item.deepCopy().put("status", "in_progress");
            if (item.path("type").asText().equals("message")) {
                added.putArray("content");
            } else {
                added.put("arguments", "");
            }
            sse.event("response.output_item.added", itemEvent("response.output_item.added", index, added));
            if (item.path("type").asText().equals("message")) {
                String text = item.path("content").path(0).path("text").asText();
                ObjectNode part = JSON.createObjectNode().put("type", "output_text").put("text", "");
                part.putArray("annotations");
                sse.event("response.content_part.added", partEvent("response.content_part.added", itemId, index).set("part", part));
                for (String piece : halves(text)) {
                    sse.event("response.output_text.delta", partEvent("response.output_text.delta", itemId, index).put("delta", piece));
                }
                sse.event("response.output_text.done", partEvent("response.output_text.done", itemId, index).put("text", text));
                sse.event("response.content_part.done", partEvent("response.content_part.done", itemId, index)
                        .set("part", item.path("content").path(0).deepCopy()));
            } else {
                String arguments = item.path("arguments").asText();
                for (String piece : halves(arguments)) {
                    sse.event("response.function_call_arguments.delta", JSON.createObjectNode()
                            .put("type", "response.function_call_arguments.delta").put("item_id", itemId)
                            .put("output_index", index).put("delta", piece));
                }
                sse.event("response.function_call_arguments.done", JSON.createObjectNode()
                        .put("type", "response.function_call_arguments.done").put("item_id", itemId)
                        .put("output_index", index).put("arguments", arguments));
            }
            sse.event("response.output_item.done", itemEvent("response.output_item.done", index, item));
        }
        sse.event("response.completed", wrap("response.completed", done));
    }

    /** Runs of model output (assistant messages, function calls, reasoning) in the resent conversation. */
    private static int modelTurns(JsonNode input) {
        int turns = 0;
        boolean inRun = false;
        for (JsonNode item : input) {
            String type = item.path("type").asText("message");
            boolean model = type.equals("function_call") || type.equals("reasoning")
                    || (type.equals("message") && item.path("role").asText().equals("assistant"));
            if (model && !inRun) {
                turns++;
            }
            inRun = model;
        }
        return turns;
    }

    private static ObjectNode response(String id, String model, String status) {
        ObjectNode response = JSON.createObjectNode().put("id", id).put("object", "response")
                .put("created_at", System.currentTimeMillis() / 1000).put("status", status).put("model", model);
        response.putArray("output");
        return response;
    }

    private static ObjectNode wrap(String type, ObjectNode response) {
        ObjectNode event = JSON.createObjectNode().put("type", type);
        event.set("response", response);
        return event;
    }

    private static ObjectNode itemEvent(String type, int index, ObjectNode item) {
        ObjectNode event = JSON.createObjectNode().put("type", type).put("output_index", index);
        event.set("item", item);
        return event;
    }

    private static ObjectNode partEvent(String type, String itemId, int index) {
        return JSON.createObjectNode().put("type", type).put("item_id", itemId).put("output_index", index).put("content_index", 0);
    }

    private ObjectNode openAiUsage() {
        Usage u = usage;
        ObjectNode node = JSON.createObjectNode().put("input_tokens", u.input());
        node.putObject("input_tokens_details").put("cached_tokens", u.cached());
        node.put("output_tokens", u.output());
        node.putObject("output_tokens_details").put("reasoning_tokens", 0);
        node.put("total_tokens", u.input() + u.output());
        return node;
    }

    // ---- plumbing ----

    /** Two pieces, so clients must join deltas (JSON arguments arrive split mid-value). */
    private static List<String> halves(String text) {
        if (text.length() < 2) {
            return List.of(text);
        }
        int middle = text.length() / 2;
        return List.of(text.substring(0, middle), text.substring(middle));
    }

    private static ObjectNode error(String type, String message) {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        return body;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** A server-sent event stream, each event flushed on its own as a real upstream sends them. */
    private static final class Sse {
        private final OutputStream out;
        private int sequence;

        Sse(HttpExchange exchange) throws IOException {
            exchange.getResponseHeaders().set("content-type", "text/event-stream");
            exchange.getResponseHeaders().set("cache-control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            out = exchange.getResponseBody();
        }

        void event(String name, ObjectNode data) throws IOException {
            if (name.startsWith("response.")) {
                data.put("sequence_number", sequence++);
            }
            out.write(("event: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
