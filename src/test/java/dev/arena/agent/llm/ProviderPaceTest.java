package dev.arena.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.arena.Sleeper;
import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The process-wide pace of a provider, driven through the real {@link HttpTransport} against a
 * real HTTP server that rate-limits: the limit halves on 429s and climbs back on successes,
 * parallel callers all get through, a {@code Retry-After} holds back every caller, and a caller
 * out of time while waiting for a slot fails at once as {@code rate_limited}.
 */
class ProviderPaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RetryPolicy QUICK = new RetryPolicy(60, Duration.ofMillis(5), Duration.ofMillis(40), Duration.ofMinutes(1), () -> 0.5);

    private final ProviderPaces paces = new ProviderPaces(16, 64, Clock.systemUTC());
    private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer server;

    /** How the server answers the n-th call (1 first), given how many calls are in flight with it. */
    private interface Script {
        void answer(HttpExchange exchange, int n, int inFlight) throws Exception;
    }

    private URI serve(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                arrivals.add(System.nanoTime());
                int now = inFlight.incrementAndGet();
                try {
                    exchange.getRequestBody().readAllBytes();
                    script.answer(exchange, calls.incrementAndGet(), now);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    throw new UncheckedIOException(new IOException(e));
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void reply(HttpExchange exchange, int status, Map<String, String> headers) throws IOException {
        byte[] body = (status == 200 ? "{\"ok\": true}" : "{\"error\": {\"message\": \"slow down\"}}").getBytes(StandardCharsets.UTF_8);
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private JsonNode post(HttpTransport transport, URI uri, Instant deadline) throws Exception {
        return transport.post(transport.pace(Provider.OPENAI, base(uri)), uri, Map.of(), JSON.createObjectNode(), deadline);
    }

    private static String base(URI uri) {
        return uri.toString().replace("/chat/completions", "");
    }

    private static List<Integer> levels(ProviderPace pace) {
        return pace.levels().stream().map(ProviderPace.Level::level).toList();
    }

    @Test
    void rateLimitsHalveTheLimitAndSuccessesRaiseItAgain() throws Exception {
        URI uri = serve((exchange, n, now) -> reply(exchange, n <= 5 ? 429 : 200, Map.of()));
        HttpTransport transport = new HttpTransport(QUICK, d -> { }, Duration.ofSeconds(10), paces);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));

        assertTrue(post(transport, uri, deadline).path("ok").asBoolean(), "the sixth try got through");
        ProviderPace pace = transport.pace(Provider.OPENAI, base(uri));
        assertEquals(List.of(16, 8, 4, 2, 1, 2), levels(pace), "five 429s halve 16 down to 1, the success adds 1/1");

        for (int i = 0; i < 10; i++) {
            post(transport, uri, deadline);
        }
        // each success adds 1/limit: 2 -> 2.5 -> 2.9 -> 3.24 ... -> 4.10 after six, 4.998 after ten
        assertEquals(List.of(16, 8, 4, 2, 1, 2, 3, 4), levels(pace));
        assertEquals(4, pace.limit());
        assertSame(pace, paces.pace(Provider.OPENAI, base(uri) + "/"), "one pace per provider address");
    }

    @Test
    void parallelCallersAgainstAProviderThatAllowsThreeAtOnceAllFinish() throws Exception {
        // more than three calls at once get a 429; each call takes a little while
        URI uri = serve((exchange, n, now) -> {
            Thread.sleep(30);
            reply(exchange, now > 3 ? 429 : 200, Map.of());
        });
        HttpTransport transport = new HttpTransport(QUICK, Sleeper.REAL, Duration.ofSeconds(10), paces);
        ExecutorService callers = Executors.newFixedThreadPool(12);
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            List<Future<JsonNode>> results = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 12; i++) {
                results.add(callers.submit(() -> {
                    go.await();
                    JsonNode last = null;
                    for (int k = 0; k < 4; k++) {
                        last = post(transport, uri, deadline);
                    }
                    return last;
                }));
            }
            go.countDown();
            for (Future<JsonNode> result : results) {
                assertTrue(result.get(60, TimeUnit.SECONDS).path("ok").asBoolean());
            }
        } finally {
            callers.shutdownNow();
        }
        ProviderPace pace = transport.pace(Provider.OPENAI, base(uri));
        List<Integer> levels = levels(pace);
        assertEquals(8, levels.get(1), "the first burst of 429s halved the limit once, not once per call: " + levels);
        assertTrue(calls.get() >= 48, "every caller's four calls went through");
    }

    @Test
    void oneBurstOfParallel429sHalvesTheLimitOnce() throws Exception {
        // twelve calls in flight together all get a 429 (none answered before all twelve arrived); then every call succeeds
        CountDownLatch burst = new CountDownLatch(12);
        URI uri = serve((exchange, n, now) -> {
            if (n <= 12) {
                burst.countDown();
                burst.await(20, TimeUnit.SECONDS);
                reply(exchange, 429, Map.of());
            } else {
                reply(exchange, 200, Map.of());
            }
        });
        HttpTransport transport = new HttpTransport(QUICK, Sleeper.REAL, Duration.ofSeconds(30), paces);
        ExecutorService callers = Executors.newFixedThreadPool(12);
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            List<Future<JsonNode>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(callers.submit(() -> post(transport, uri, deadline)));
            }
            for (Future<JsonNode> result : results) {
                assertTrue(result.get(30, TimeUnit.SECONDS).path("ok").asBoolean());
            }
        } finally {
            callers.shutdownNow();
        }
        List<Integer> levels = levels(transport.pace(Provider.OPENAI, base(uri)));
        assertEquals(List.of(16, 8), levels.subList(0, 2));
        assertEquals(8, levels.stream().mapToInt(Integer::intValue).min().orElseThrow(),
                "twelve 429s to calls sent under the same limit lower it once, then the twelve successes raise it: " + levels);
        assertEquals(24, calls.get());
    }

    @Test
    void retryAfterHoldsBackEveryCallerUntilItEnds() throws Exception {
        URI uri = serve((exchange, n, now) -> reply(exchange, n == 1 ? 429 : 200, n == 1 ? Map.of("Retry-After", "1") : Map.of()));
        HttpTransport transport = new HttpTransport(QUICK, Sleeper.REAL, Duration.ofSeconds(10), paces);
        ProviderPace pace = transport.pace(Provider.OPENAI, base(uri));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            Future<JsonNode> first = callers.submit(() -> post(transport, uri, deadline));
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                while (pace.pauseLeft().isZero()) {
                    Thread.sleep(5);
                }
            });
            long pauseEnds = System.nanoTime() + pace.pauseLeft().toNanos();
            List<Future<JsonNode>> others = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                others.add(callers.submit(() -> post(transport, uri, deadline)));
            }
            assertTrue(first.get(10, TimeUnit.SECONDS).path("ok").asBoolean());
            for (Future<JsonNode> other : others) {
                assertTrue(other.get(10, TimeUnit.SECONDS).path("ok").asBoolean());
            }
            assertEquals(5, arrivals.size(), "the 429, its retry and three fresh calls");
            for (long arrival : arrivals.subList(1, arrivals.size())) {
                assertTrue(arrival >= pauseEnds - TimeUnit.MILLISECONDS.toNanos(50),
                        "a call reached the server " + (pauseEnds - arrival) / 1_000_000 + " ms before the pause ended");
                assertTrue(arrival <= pauseEnds + TimeUnit.SECONDS.toNanos(3), "the callers went on once the pause ended");
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aCallerOutOfTimeWhileWaitingForASlotFailsAtOnceAsRateLimited() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        URI uri = serve((exchange, n, now) -> {
            release.await(20, TimeUnit.SECONDS);
            reply(exchange, 200, Map.of());
        });
        ProviderPaces single = new ProviderPaces(1, 1, Clock.systemUTC());
        HttpTransport transport = new HttpTransport(QUICK, Sleeper.REAL, Duration.ofSeconds(30), single);
        ExecutorService callers = Executors.newSingleThreadExecutor();
        try {
            Future<JsonNode> holder = callers.submit(() -> post(transport, uri, Instant.now().plus(Duration.ofMinutes(1))));
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                while (arrivals.isEmpty()) {
                    Thread.sleep(5);
                }
            });
            long start = System.nanoTime();
            EvaluationException e = assertThrows(EvaluationException.class, () -> post(transport, uri, Instant.now().plus(Duration.ofMillis(300))));
            double seconds = (System.nanoTime() - start) / 1e9;

            assertEquals(ErrorKind.RATE_LIMITED, e.kind());
            assertTrue(e.getMessage().contains("no call slot"), e.getMessage());
            assertTrue(seconds >= 0.25 && seconds < 2, "a 300 ms deadline took " + seconds + "s");
            assertEquals(1, arrivals.size(), "the waiting call never reached the server");
            release.countDown();
            assertTrue(holder.get(10, TimeUnit.SECONDS).path("ok").asBoolean());
        } finally {
            release.countDown();
            callers.shutdownNow();
        }
    }

    @Test
    void aPauseEndingPastTheDeadlineFailsAtOnce() throws Exception {
        URI uri = serve((exchange, n, now) -> reply(exchange, 429, Map.of("Retry-After", "120")));
        HttpTransport transport = new HttpTransport(QUICK, d -> { }, Duration.ofSeconds(10), paces);
        ProviderPace pace = transport.pace(Provider.OPENAI, base(uri));
        // the first caller's own retry would wait past its deadline, so it gives up after one call
        EvaluationException first = assertThrows(EvaluationException.class, () -> post(transport, uri, Instant.now().plus(Duration.ofSeconds(30))));
        assertEquals(ErrorKind.RATE_LIMITED, first.kind());
        assertTrue(pace.pauseLeft().compareTo(Duration.ofSeconds(50)) > 0, "the pause (capped at the policy's minute) is shared: " + pace.pauseLeft());

        long start = System.nanoTime();
        EvaluationException next = assertThrows(EvaluationException.class, () -> post(transport, uri, Instant.now().plus(Duration.ofSeconds(30))));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(ErrorKind.RATE_LIMITED, next.kind());
        assertTrue(next.getMessage().contains("asked to wait until"), next.getMessage());
        assertTrue(seconds < 1, "failed after " + seconds + "s");
        assertEquals(1, arrivals.size(), "the second caller never called");
    }
}
