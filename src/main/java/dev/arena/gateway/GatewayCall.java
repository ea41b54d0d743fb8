package dev.arena.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.arena.Sleeper;
import dev.arena.agent.llm.HttpTransport;
import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.ModelRef;
import dev.arena.agent.llm.ProviderPace;
import dev.arena.agent.llm.ProviderPaces;
import dev.arena.agent.llm.TokenUsage;
import dev.arena.result.EvaluationException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * One call through the gateway, from the sandbox's request to the logged answer: check the
 * token and the budget, forward with the real key and only the allowed headers, copy the answer
 * back as it arrives while reading its usage on the side, then meter, price and log the call.
 * Each forwarded call holds a slot of its provider's {@link ProviderPace}, the one the gladiator's
 * transport uses too, from before it is sent until its answer has been copied.
 */
final class GatewayCall {
    /** The request headers a call takes upstream: no cookies, no hop-by-hop headers, no auth of the sandbox's. */
    static final List<String> REQUEST_HEADERS = List.of("content-type", "accept", "anthropic-version", "anthropic-beta", "openai-beta", "user-agent");
    private static final List<String> RESPONSE_HEADERS = List.of("content-type", "retry-after", "request-id", "x-request-id");
    private static final List<String> RESPONSE_HEADER_PREFIXES = List.of("anthropic-ratelimit-", "x-ratelimit-");

    private final Function<String, GatewayGrant> grants;
    private final HttpClient client;
    private final ModelCatalog catalog;
    private final Duration upstreamTimeout;
    private final ProviderPaces paces;

    GatewayCall(Function<String, GatewayGrant> grants, HttpClient client, ModelCatalog catalog, Duration upstreamTimeout, ProviderPaces paces) {
        this.grants = grants;
        this.client = client;
        this.catalog = catalog;
        this.upstreamTimeout = upstreamTimeout;
        this.paces = paces;
    }

    void handle(HttpExchange exchange) {
        try (exchange) {
            serve(exchange);
        } catch (IOException e) {
            // the client went away before its answer was written: nothing left to tell it
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Optional<ModelApi> served = ModelApi.byPath(path);
        ModelApi api = served.orElse(path.startsWith("/v1/messages") ? ModelApi.MESSAGES : ModelApi.CHAT_COMPLETIONS);
        if (served.isEmpty()) {
            error(exchange, api, 404, "not_found_error", "arena: the model gateway serves POST /v1/messages, /v1/chat/completions and /v1/responses, not "
                    + exchange.getRequestMethod() + " " + path);
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            error(exchange, api, 405, "invalid_request_error", "arena: " + path + " takes POST, not " + exchange.getRequestMethod());
            return;
        }
        GatewayGrant grant = token(exchange.getRequestHeaders()).map(grants).orElse(null);
        if (grant == null) {
            error(exchange, api, 401, "authentication_error", "arena: the model gateway does not know this API key (it is wrong, missing or revoked)");
            return;
        }
        grant.received();
        byte[] body = exchange.getRequestBody().readAllBytes();
        JsonNode request = parse(body);
        if (!(request instanceof ObjectNode)) {
            error(exchange, api, 400, "invalid_request_error", "arena: the request body is not a JSON object");
            return;
        }
        String refusal = grant.meter().budgetRefusal();
        if (refusal != null) {
            grant.log().append(entry(grant, api, request).put("status", 400).put("error", refusal));
            error(exchange, api, 400, "invalid_request_error", refusal);
            return;
        }
        String model = request.path("model").asText("");
        Optional<ModelCatalog.Prices> prices = prices(grant.upstream(), model);
        if (grant.meter().capsCost() && prices.isEmpty()) {
            error(exchange, api, 400, "invalid_request_error", "arena: model '" + model + "' has no price in the model catalog, so "
                    + grant.meter().costCapOwner() + " cannot be kept");
            return;
        }
        boolean stream = request.path("stream").asBoolean(false);
        if (api == ModelApi.CHAT_COMPLETIONS && stream && !request.path("stream_options").path("include_usage").asBoolean(false)) {
            // without it a streamed chat answer carries no usage at all
            JsonNode options = request.get("stream_options");
            ObjectNode writable = options instanceof ObjectNode o ? o : ((ObjectNode) request).putObject("stream_options");
            writable.put("include_usage", true);
            body = ModelApi.JSON.writeValueAsBytes(request);
        }
        paced(exchange, grant, api, path, (ObjectNode) request, body, prices);
    }

    /**
     * Forwards within a slot of the provider's pace, held until the answer is copied; the answer's
     * status and {@code Retry-After} adapt the pace. No slot before the upstream timeout: a 429.
     */
    private void paced(HttpExchange exchange, GatewayGrant grant, ModelApi api, String path, ObjectNode request, byte[] body,
                       Optional<ModelCatalog.Prices> prices) throws IOException {
        ProviderPace pace = paces.pace(grant.upstream().provider(), grant.upstream().baseUrl().toString());
        ProviderPace.Permit permit;
        try {
            permit = pace.acquire(Instant.now().plus(upstreamTimeout), null, Sleeper.REAL);
        } catch (EvaluationException e) {
            long pause = (pace.pauseLeft().toMillis() + 999) / 1000;
            if (pause > 0) {
                exchange.getResponseHeaders().set("retry-after", Long.toString(pause));
            }
            grant.log().append(entry(grant, api, request).put("status", 429).put("error", e.getMessage()));
            error(exchange, api, 429, "rate_limit_error", "arena: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        HttpResponse<InputStream> response = null;
        try {
            response = forward(exchange, grant, api, path, request, body, prices);
        } finally {
            permit.finish(response == null ? 0 : response.statusCode(), response == null ? null
                    : HttpTransport.retryAfter(response.headers().firstValue("retry-after-ms").orElse(null),
                    response.headers().firstValue("retry-after").orElse(null)));
        }
    }

    /** Forwards the call and copies its answer back; the upstream's answer, or null when none came. */
    private HttpResponse<InputStream> forward(HttpExchange exchange, GatewayGrant grant, ModelApi api, String path, ObjectNode request, byte[] body,
                                              Optional<ModelCatalog.Prices> prices) throws IOException {
        Upstream upstream = grant.upstream();
        HttpRequest.Builder outgoing = HttpRequest.newBuilder(upstream.target(path))
                .timeout(upstreamTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Headers incoming = exchange.getRequestHeaders();
        for (String name : REQUEST_HEADERS) {
            List<String> values = incoming.get(name);
            if (values != null) {
                values.forEach(v -> outgoing.header(name, v));
            }
        }
        if (!incoming.containsKey("content-type")) {
            outgoing.header("content-type", "application/json");
        }
        if (upstream.sendsApiKeyHeader()) {
            outgoing.header("x-api-key", upstream.key());
        } else {
            outgoing.header("authorization", "Bearer " + upstream.key());
        }

        long start = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = client.send(outgoing.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            String reason = "the model API at " + upstream.baseUrl() + " could not be reached: " + describe(e);
            grant.recordUpstreamError(reason);
            grant.log().append(entry(grant, api, request).put("status", 502).put("error", reason));
            error(exchange, api, 502, "api_error", "arena: " + reason);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }

        Headers out = exchange.getResponseHeaders();
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESPONSE_HEADERS.contains(lower) || RESPONSE_HEADER_PREFIXES.stream().anyMatch(lower::startsWith)) {
                out.put(name, values);
            }
        });
        boolean sse = response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        long length = response.headers().firstValueAsLong("content-length").orElse(-1);
        // always chunked, even with a known length: the closing chunk goes out only when the
        // exchange closes, after the call is metered and logged, so once the client has its whole
        // answer the grant already counts the call
        exchange.sendResponseHeaders(response.statusCode(), length == 0 ? -1 : 0);

        UsageTap tap = new UsageTap(api, sse);
        String failure = null;
        byte[] buffer = new byte[8192];
        try (InputStream in = response.body()) {
            OutputStream client = exchange.getResponseBody();
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    failure = "the model API at " + upstream.baseUrl() + " broke off its answer: " + describe(e);
                    break;
                }
                if (n < 0) {
                    break;
                }
                tap.accept(buffer, n);
                try {
                    client.write(buffer, 0, n);
                    client.flush();
                } catch (IOException e) {
                    failure = "the agent's client closed the connection before the answer ended";
                    break;
                }
            }
        }
        tap.finish();
        long millis = (System.nanoTime() - start) / 1_000_000;

        ObjectNode logged = entry(grant, api, request).put("status", response.statusCode()).put("duration_ms", millis);
        boolean ok = response.statusCode() / 100 == 2;
        if (failure != null && !failure.startsWith("the agent's")) {
            grant.recordUpstreamError(failure);
        }
        if (ok) {
            TokenUsage usage = tap.usage().orElse(TokenUsage.ZERO);
            Double cost = prices.map(p -> p.cost(usage)).orElse(null);
            grant.meter().record(usage, cost);
            ObjectNode u = logged.putObject("usage");
            u.put("input_tokens", usage.input()).put("output_tokens", usage.output())
                    .put("cache_read_tokens", usage.cacheRead()).put("cache_write_tokens", usage.cacheWrite());
            if (cost == null) {
                logged.putNull("cost_usd");
            } else {
                logged.put("cost_usd", cost);
            }
        }
        if (failure != null) {
            logged.put("error", failure);
        }
        logged.set("response", tap.logged());
        grant.log().append(logged);
        return response;
    }

    private Optional<ModelCatalog.Prices> prices(Upstream upstream, String model) {
        if (model.isBlank()) {
            return Optional.empty();
        }
        return catalog.prices(new ModelRef(upstream.provider().prefix() + "/" + model, upstream.provider(), model));
    }

    private static ObjectNode entry(GatewayGrant grant, ModelApi api, JsonNode request) {
        ObjectNode e = ModelApi.JSON.createObjectNode();
        e.put("time", Instant.now().toString()).put("attempt_id", grant.attemptId()).put("api", api.path())
                .put("model", request.path("model").asText(null)).put("stream", request.path("stream").asBoolean(false));
        e.set("request", request);
        return e;
    }

    /** The sandbox's token: Anthropic clients send it as x-api-key, OpenAI clients as a bearer token. */
    private static Optional<String> token(Headers headers) {
        String key = headers.getFirst("x-api-key");
        if (key != null && !key.isBlank()) {
            return Optional.of(key.strip());
        }
        String auth = headers.getFirst("authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(auth.substring(7).strip());
        }
        return Optional.empty();
    }

    private static JsonNode parse(byte[] body) {
        try {
            return ModelApi.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "the connection timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void error(HttpExchange exchange, ModelApi api, int status, String type, String message) throws IOException {
        byte[] body = ModelApi.JSON.writeValueAsBytes(api.error(type, message));
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** The side copy of an answer: the usage it reports, and what goes into model_calls.jsonl. */
    private static final class UsageTap {
        private final ModelApi api;
        private final SseTap events;
        private final ArrayNode eventLog = ModelApi.JSON.createArrayNode();
        private final ByteArrayOutputStream whole = new ByteArrayOutputStream();
        private TokenUsage usage;

        UsageTap(ModelApi api, boolean sse) {
            this.api = api;
            this.events = sse ? new SseTap(this::event) : null;
        }

        void accept(byte[] bytes, int n) {
            if (events != null) {
                events.accept(bytes, 0, n);
            } else {
                whole.write(bytes, 0, n);
            }
        }

        void finish() {
            if (events != null) {
                events.finish();
            } else {
                JsonNode body = parse(whole.toByteArray());
                if (body != null) {
                    usage = api.usage(body).orElse(null);
                }
            }
        }

        private void event(String data) {
            JsonNode event = parse(data.getBytes(StandardCharsets.UTF_8));
            if (event == null || !event.isObject()) {
                eventLog.add(TextNode.valueOf(data)); // e.g. Chat Completions' closing [DONE]
                return;
            }
            eventLog.add(event);
            api.eventUsage(event, usage).ifPresent(u -> usage = u);
        }

        Optional<TokenUsage> usage() {
            return Optional.ofNullable(usage);
        }

        JsonNode logged() {
            if (events != null) {
                return eventLog;
            }
            JsonNode body = parse(whole.toByteArray());
            return body != null ? body : TextNode.valueOf(whole.toString(StandardCharsets.UTF_8));
        }
    }
}
