package dev.arena.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A model API on 127.0.0.1 for the model gateway's tests and bench: it records every request (path,
 * headers with lower-case names, body) and answers each path with a canned answer written in parts,
 * each flushed on its own; with {@link #holdAfterFirstPart} it keeps a stream open after the first
 * part until released, so a test can see the first event reach the client while the upstream still writes.
 */
public final class RecordingUpstream implements AutoCloseable {
    public record Seen(String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    public record Answer(int status, String contentType, List<String> parts) {
        public static Answer json(String body) {
            return new Answer(200, "application/json", List.of(body));
        }

        public static Answer events(String... parts) {
            return new Answer(200, "text/event-stream", List.of(parts));
        }

        public String whole() {
            return String.join("", parts);
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private volatile CountDownLatch hold;

    public RecordingUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "recording-upstream");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The root address: Anthropic's convention (the path /v1/messages is appended). */
    public String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void answer(String path, Answer answer) {
        answers.put(path, answer);
    }

    public CountDownLatch holdAfterFirstPart() {
        hold = new CountDownLatch(1);
        return hold;
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            seen.add(new Seen(path, headers, body));
            Answer answer = answers.get(path);
            if (answer == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("content-type", answer.contentType());
            exchange.getResponseHeaders().set("request-id", "req_upstream");
            exchange.getResponseHeaders().set("set-cookie", "session=upstream-secret");
            boolean streamed = answer.contentType().startsWith("text/event-stream");
            exchange.sendResponseHeaders(answer.status(), streamed ? 0 : answer.whole().getBytes(StandardCharsets.UTF_8).length);
            OutputStream out = exchange.getResponseBody();
            CountDownLatch held = streamed ? hold : null;
            for (int i = 0; i < answer.parts().size(); i++) {
                out.write(answer.parts().get(i).getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (i == 0 && held != null) {
                    held.await(30, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
