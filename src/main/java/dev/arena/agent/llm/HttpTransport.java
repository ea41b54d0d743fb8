package dev.arena.agent.llm;

import dev.arena.Sleeper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs JSON to a model API with java.net.http and retries what is worth retrying (429, 5xx,
 * timeouts, dropped connections). Gives up with {@code rate_limited} when the last answer was
 * a 429, else {@code model_api}; never waits past the caller's deadline. Each call, body included,
 * ends by {@code callTimeout} (or the deadline, if sooner) whatever the server does. Every call
 * takes a slot of its provider's {@link ProviderPace} first, so parallel tasks slow down together
 * when the provider answers 429 and wait out its {@code Retry-After} together.
 */
public final class HttpTransport {
    private static final ObjectMapper JSON = new ObjectMapper();
    // one client for every attempt: it is thread-safe, and each one owns a selector thread
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Duration callTimeout;
    private final ProviderPaces paces;

    /** A transport pacing its calls with the process's {@link ProviderPaces#shared shared} paces. */
    public HttpTransport(RetryPolicy policy, Sleeper sleeper, Duration callTimeout) {
        this(policy, sleeper, callTimeout, ProviderPaces.shared());
    }

    public HttpTransport(RetryPolicy policy, Sleeper sleeper, Duration callTimeout, ProviderPaces paces) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.callTimeout = callTimeout;
        this.paces = paces;
    }

    /** The pace the calls to {@code provider} at {@code baseUrl} go through. */
    public ProviderPace pace(Provider provider, String baseUrl) {
        return paces.pace(provider, baseUrl);
    }

    public JsonNode post(ProviderPace pace, URI uri, Map<String, String> headers, JsonNode body, Instant deadline)
            throws EvaluationException, InterruptedException {
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new EvaluationException(ErrorKind.AGENT, "cannot encode a model request: " + e.getMessage(), e);
        }
        String lastProblem = "no time was left for a model call";
        boolean rateLimited = false;
        Instant waitedUntil = null;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            if (!Instant.now().isBefore(deadline)) {
                break;
            }
            ProviderPace.Permit permit = pace.acquire(deadline, waitedUntil, sleeper);
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.toMillis() <= 0) {
                permit.finish(0, null);
                break;
            }
            Duration limit = left.compareTo(callTimeout) < 0 ? left : callTimeout;
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(limit)
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
            headers.forEach(request::header);
            Duration retryAfter = null;
            int status = 0;
            try {
                HttpResponse<byte[]> response = exchange(request.build(), limit);
                status = response.statusCode();
                String text = new String(response.body(), StandardCharsets.UTF_8);
                if (status / 100 == 2) {
                    Optional<JsonNode> parsed = parse(text);
                    if (parsed.isPresent()) {
                        return parsed.get();
                    }
                    lastProblem = "the model API answered " + status + " with a body that is not JSON";
                    rateLimited = false;
                } else if (RetryPolicy.retryable(status)) {
                    lastProblem = "the model API answered " + status + ": " + apiMessage(text);
                    rateLimited = status == 429;
                    retryAfter = retryAfter(response.headers().firstValue("retry-after-ms").orElse(null),
                            response.headers().firstValue("retry-after").orElse(null));
                } else {
                    throw new EvaluationException(ErrorKind.MODEL_API, "the model API refused the request with " + status + ": " + apiMessage(text));
                }
            } catch (IOException e) {
                // timeouts, resets and refused connections: the network's fault, worth another try
                lastProblem = "the model API call failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
                rateLimited = false;
            } finally {
                // the pace takes the server's wish as capped by the policy, so one odd header cannot stop every task for hours
                permit.finish(status, retryAfter == null ? null : policy.delay(attempt, retryAfter));
            }
            if (attempt == policy.maxAttempts()) {
                break;
            }
            Duration wait = policy.delay(attempt, retryAfter);
            if (Instant.now().plus(wait).isAfter(deadline)) {
                break;
            }
            // the caller's own timeline: a sleeper in a test returns at once, and what it "slept" still counts
            Instant now = Instant.now();
            waitedUntil = (waitedUntil == null || waitedUntil.isBefore(now) ? now : waitedUntil).plus(wait);
            sleeper.sleep(wait);
        }
        throw new EvaluationException(rateLimited ? ErrorKind.RATE_LIMITED : ErrorKind.MODEL_API,
                oneLine(lastProblem) + " (gave up after retries)");
    }

    /**
     * One request and its whole body within {@code limit}. The request's own timeout ends only the
     * wait for the headers; a server that then stalls or trickles the body would hold the call until
     * it closes, so past the limit the exchange is cancelled, which closes its connection.
     */
    private static HttpResponse<byte[]> exchange(HttpRequest request, Duration limit) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> call = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return call.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + limit.toMillis() / 1000.0 + "s (the call was abandoned)");
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? "the call failed" : cause.toString(), cause);
        }
    }

    private static Optional<JsonNode> parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The error message both API families put at {@code error.message}, else the start of the body. */
    static String apiMessage(String body) {
        Optional<JsonNode> node = parse(body);
        String message = node.map(n -> n.path("error").path("message").asText("")).filter(s -> !s.isBlank()).orElse(body);
        return oneLine(message.length() > 300 ? message.substring(0, 300) + "..." : message);
    }

    /** The server's wish: {@code retry-after-ms}, else {@code Retry-After} in seconds or as an HTTP date; null when absent. */
    public static Duration retryAfter(String millis, String header) {
        try {
            if (millis != null) {
                return Duration.ofMillis((long) Double.parseDouble(millis.strip()));
            }
            if (header == null) {
                return null;
            }
            String value = header.strip();
            if (value.matches("\\d+(\\.\\d+)?")) {
                return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
            }
            Duration until = Duration.between(Instant.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
