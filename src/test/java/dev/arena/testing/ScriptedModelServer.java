package dev.arena.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A model API on 127.0.0.1 that plays a script, for driving the real model clients in tests.
 * It answers a conversation by its length (the n-th reply for a request holding n-1 assistant
 * turns), so parallel attempts each get the whole script; queued failures are served first.
 * Speaks OpenAI Chat Completions or Anthropic Messages.
 */
public final class ScriptedModelServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Protocol { OPENAI, ANTHROPIC }

    /** One scripted model answer: some text and the tool calls, each as a name and raw JSON arguments. */
    public record Reply(String text, List<String[]> calls) {
        public static Reply tool(String name, String argumentsJson) {
            List<String[]> calls = new ArrayList<>();
            calls.add(new String[] {name, argumentsJson});
            return new Reply("", calls);
        }

        public static Reply answer(String text) {
            return new Reply(text, List.of());
        }
    }

    /** A canned HTTP answer served before the script, e.g. a 429. */
    public record Failure(int status, Map<String, String> headers, String body) {
    }

    private final Protocol protocol;
    private final List<Reply> script;
    private final HttpServer server;
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, List<String>>> headers = Collections.synchronizedList(new ArrayList<>());
    private final List<String> paths = Collections.synchronizedList(new ArrayList<>());
    private Failure always;
    private volatile boolean thoughtSignatures;

    public ScriptedModelServer(Protocol protocol, List<Reply> script) {
        this.protocol = protocol;
        this.script = List.copyOf(script);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL to give the client: with /v1 for OpenAI, without for Anthropic (the client adds /v1/messages). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + (protocol == Protocol.OPENAI ? "/v1" : "");
    }

    public synchronized void failFirst(Failure failure) {
        failures.add(failure);
    }

    public synchronized void failAlways(Failure failure) {
        always = failure;
    }

    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    public List<Map<String, List<String>>> headers() {
        return List.copyOf(headers);
    }

    /** The request paths, in order. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    /** Signs each OpenAI tool call as Gemini does: {@code extra_content.google.thought_signature} = {@code sig-TURN-INDEX}. */
    public ScriptedModelServer withThoughtSignatures() {
        thoughtSignatures = true;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        requests.add(request);
        headers.add(Map.copyOf(exchange.getRequestHeaders()));
        paths.add(exchange.getRequestURI().getPath());
        Failure failure;
        synchronized (this) {
            failure = failures.isEmpty() ? always : failures.poll();
        }
        if (failure != null) {
            failure.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            send(exchange, failure.status(), failure.body());
            return;
        }
        int turn = 0;
        for (JsonNode m : request.path("messages")) {
            turn += m.path("role").asText().equals("assistant") ? 1 : 0;
        }
        Reply reply = turn < script.size() ? script.get(turn) : Reply.answer("script over");
        send(exchange, 200, JSON.writeValueAsString(protocol == Protocol.OPENAI ? openAi(reply, turn)
                : anthropic(reply, turn, request.has("thinking"))));
    }

    private ObjectNode openAi(Reply reply, int turn) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-" + turn).put("object", "chat.completion");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0)
                .put("finish_reason", reply.calls().isEmpty() ? "stop" : "tool_calls");
        ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", reply.text());
        if (!reply.calls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (int i = 0; i < reply.calls().size(); i++) {
                ObjectNode call = calls.addObject().put("id", "call_" + turn + "_" + i).put("type", "function");
                call.putObject("function").put("name", reply.calls().get(i)[0]).put("arguments", reply.calls().get(i)[1]);
                if (thoughtSignatures) {
                    call.putObject("extra_content").putObject("google").put("thought_signature", "sig-" + turn + "-" + i);
                }
            }
        }
        body.putObject("usage").put("prompt_tokens", 1000).put("completion_tokens", 50)
                .putObject("prompt_tokens_details").put("cached_tokens", 200);
        return body;
    }

    /** With {@code thinking} (the request turned extended thinking on) the answer starts with a signed thinking block, as Anthropic's does. */
    private static ObjectNode anthropic(Reply reply, int turn, boolean thinking) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("id", "msg_" + turn).put("type", "message").put("role", "assistant")
                .put("stop_reason", reply.calls().isEmpty() ? "end_turn" : "tool_use");
        ArrayNode content = body.putArray("content");
        if (thinking) {
            content.addObject().put("type", "thinking").put("thinking", "thought " + turn).put("signature", "sig-" + turn);
        }
        if (!reply.text().isEmpty()) {
            content.addObject().put("type", "text").put("text", reply.text());
        }
        for (int i = 0; i < reply.calls().size(); i++) {
            content.addObject().put("type", "tool_use").put("id", "toolu_" + turn + "_" + i).put("name", reply.calls().get(i)[0])
                    .set("input", JSON.readTree(reply.calls().get(i)[1]));
        }
        body.putObject("usage").put("input_tokens", 800).put("output_tokens", 50)
                .put("cache_read_input_tokens", 150).put("cache_creation_input_tokens", 50);
        return body;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
