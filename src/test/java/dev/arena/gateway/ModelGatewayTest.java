package dev.arena.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.ArenaException;
import dev.arena.Sleeper;
import dev.arena.agent.llm.Budget;
import dev.arena.agent.llm.HttpTransport;
import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.Provider;
import dev.arena.agent.llm.ProviderPace;
import dev.arena.agent.llm.ProviderPaces;
import dev.arena.agent.llm.RetryPolicy;
import dev.arena.agent.llm.RunSpend;
import dev.arena.agent.llm.TokenUsage;
import dev.arena.testing.RecordingUpstream;
import dev.arena.testing.RecordingUpstream.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway over real HTTP on both sides: java.net.http as the sandbox's client, {@link RecordingUpstream} as the provider. */
class ModelGatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-real-key-0123456789";

    static final String MESSAGE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\","
            + "\"usage\":{\"input_tokens\":100,\"output_tokens\":20,\"cache_read_input_tokens\":1000,\"cache_creation_input_tokens\":50}}";
    static final Answer MESSAGE_EVENTS = Answer.events(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"model\":\"claude-sonnet-4-5\","
                    + "\"usage\":{\"input_tokens\":40,\"output_tokens\":1,\"cache_read_input_tokens\":200,\"cache_creation_input_tokens\":0}}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\n"
                    + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":30}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    static final String CHAT = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4.1\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"hello\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":500,\"completion_tokens\":60,\"total_tokens\":560,\"prompt_tokens_details\":{\"cached_tokens\":100}}}";
    static final Answer CHAT_EVENTS = Answer.events(
            "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}],\"usage\":null}\n\n",
            "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
                    + "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":70,\"completion_tokens\":9,\"total_tokens\":79,\"prompt_tokens_details\":{\"cached_tokens\":30}}}\n\n",
            "data: [DONE]\n\n");
    static final String RESPONSE = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"model\":\"gpt-4.1\","
            + "\"output\":[{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"hello\"}]}],"
            + "\"usage\":{\"input_tokens\":300,\"input_tokens_details\":{\"cached_tokens\":120},\"output_tokens\":45,"
            + "\"output_tokens_details\":{\"reasoning_tokens\":10},\"total_tokens\":345}}";
    static final Answer RESPONSE_EVENTS = Answer.events(
            "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_2\",\"status\":\"in_progress\",\"usage\":null}}\n\n",
            "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"hi\"}\n\n",
            "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_2\",\"status\":\"completed\","
                    + "\"usage\":{\"input_tokens\":80,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":12,\"total_tokens\":92}}}\n\n");

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ModelCatalog catalog = ModelCatalog.bundled();
    private RecordingUpstream upstream;
    private ModelGateway gateway;

    @BeforeEach
    void start() {
        upstream = new RecordingUpstream();
        gateway = ModelGateway.start(InetAddress.getLoopbackAddress(), 0, catalog);
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    private GatewayGrant anthropic(Budget budget) {
        return gateway.open("ds/task#1", new Upstream(Provider.ANTHROPIC, URI.create(upstream.root()), KEY), budget, dir.resolve("model_calls.jsonl"));
    }

    private GatewayGrant openAi(Budget budget) {
        return gateway.open("ds/task#1", new Upstream(Provider.OPENAI, URI.create(upstream.root() + "/v1"), KEY), budget, dir.resolve("model_calls.jsonl"));
    }

    private HttpRequest.Builder request(URI url, String body) {
        return HttpRequest.newBuilder(url).header("content-type", "application/json")
                .header("cookie", "sandbox=1").header("x-sandbox-secret", "leak")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> messages(GatewayGrant grant, String token, String body) throws Exception {
        HttpRequest.Builder r = request(URI.create(grant.baseUrl() + "/v1/messages"), body).header("anthropic-version", "2023-06-01");
        if (token != null) {
            r.header("x-api-key", token);
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> openAiCall(GatewayGrant grant, String path, String token, String body) throws Exception {
        HttpRequest.Builder r = request(URI.create(grant.baseUrl() + path), body);
        if (token != null) {
            r.header("authorization", "Bearer " + token);
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads a streamed answer, checking the first event arrives while the upstream still holds the stream open. */
    private String readStream(HttpRequest request, Answer answer, CountDownLatch hold) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            assertEquals("text/event-stream", response.headers().firstValue("content-type").orElse(""));
            try (InputStream in = response.body()) {
                String first = answer.parts().get(0);
                String got = new String(in.readNBytes(first.getBytes(StandardCharsets.UTF_8).length), StandardCharsets.UTF_8);
                assertEquals(first, got);
                assertEquals(1, hold.getCount(), "the upstream was released before the client read the first event");
                hold.countDown();
                return got + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        });
    }

    private void assertRealKeyOnly(RecordingUpstream.Seen seen, GatewayGrant grant, boolean anthropicStyle) {
        if (anthropicStyle) {
            assertEquals(KEY, seen.header("x-api-key"));
            assertNull(seen.header("authorization"));
        } else {
            assertEquals("Bearer " + KEY, seen.header("authorization"));
            assertNull(seen.header("x-api-key"));
        }
        assertFalse(seen.headers().toString().contains(grant.token()), "the upstream saw the sandbox's token: " + seen.headers());
        assertNull(seen.header("cookie"));
        assertNull(seen.header("x-sandbox-secret"));
    }

    private double price(String model, Provider provider, TokenUsage usage) {
        ModelCatalog.Prices p = catalog.prices(dev.arena.agent.llm.ModelRef.parse(provider.prefix() + "/" + model)).orElseThrow();
        return (usage.input() * p.input() + usage.output() * p.output() + usage.cacheRead() * p.cacheRead()
                + usage.cacheWrite() * p.cacheWrite()) / 1_000_000.0;
    }

    @Test
    void messagesGoThroughWithTheRealKeyAndAreMetered() throws Exception {
        upstream.answer("/v1/messages", Answer.json(MESSAGE));
        GatewayGrant grant = anthropic(Budget.NONE);
        assertEquals(gateway.address(), grant.baseUrl());

        HttpResponse<String> response = messages(grant, grant.token(), "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[]}");

        assertEquals(200, response.statusCode());
        assertEquals(MESSAGE, response.body());
        assertEquals("req_upstream", response.headers().firstValue("request-id").orElse(null));
        assertTrue(response.headers().firstValue("set-cookie").isEmpty());
        RecordingUpstream.Seen seen = upstream.seen().get(0);
        assertEquals("/v1/messages", seen.path());
        assertEquals("2023-06-01", seen.header("anthropic-version"));
        assertRealKeyOnly(seen, grant, true);
        TokenUsage expected = new TokenUsage(100, 20, 1000, 50);
        assertEquals(expected, grant.usage());
        assertEquals(1, grant.calls());
        assertEquals(price("claude-sonnet-4-5", Provider.ANTHROPIC, expected), grant.costUsd(), 1e-12);
        assertEquals(1150 + 20, grant.agentUsage().inputTokens() + grant.agentUsage().outputTokens());
    }

    @Test
    void streamedMessagesArriveAsTheyComeAndAreMetered() throws Exception {
        upstream.answer("/v1/messages", MESSAGE_EVENTS);
        CountDownLatch hold = upstream.holdAfterFirstPart();
        GatewayGrant grant = anthropic(Budget.NONE);

        String got = readStream(request(URI.create(grant.baseUrl() + "/v1/messages"), "{\"model\":\"claude-sonnet-4-5\",\"stream\":true}")
                .header("x-api-key", grant.token()).build(), MESSAGE_EVENTS, hold);

        assertEquals(MESSAGE_EVENTS.whole(), got);
        assertRealKeyOnly(upstream.seen().get(0), grant, true);
        assertEquals(new TokenUsage(40, 30, 200, 0), grant.usage());
        assertEquals(price("claude-sonnet-4-5", Provider.ANTHROPIC, grant.usage()), grant.costUsd(), 1e-12);
    }

    @Test
    void chatCompletionsGoThroughAndCachedTokensAreSplitOut() throws Exception {
        upstream.answer("/v1/chat/completions", Answer.json(CHAT));
        GatewayGrant grant = openAi(Budget.NONE);
        assertEquals(URI.create(gateway.address() + "/v1"), grant.baseUrl());

        HttpResponse<String> response = openAiCall(grant, "/chat/completions", grant.token(), "{\"model\":\"gpt-4.1\",\"messages\":[]}");

        assertEquals(200, response.statusCode());
        assertEquals(CHAT, response.body());
        assertEquals("/v1/chat/completions", upstream.seen().get(0).path());
        assertRealKeyOnly(upstream.seen().get(0), grant, false);
        assertEquals(new TokenUsage(400, 60, 100, 0), grant.usage());
        assertEquals(price("gpt-4.1", Provider.OPENAI, grant.usage()), grant.costUsd(), 1e-12);
    }

    @Test
    void streamedChatCompletionsAskForUsageAndAreMetered() throws Exception {
        upstream.answer("/v1/chat/completions", CHAT_EVENTS);
        CountDownLatch hold = upstream.holdAfterFirstPart();
        GatewayGrant grant = openAi(Budget.NONE);

        String got = readStream(request(URI.create(grant.baseUrl() + "/chat/completions"), "{\"model\":\"gpt-4.1\",\"stream\":true,\"messages\":[]}")
                .header("authorization", "Bearer " + grant.token()).build(), CHAT_EVENTS, hold);

        assertEquals(CHAT_EVENTS.whole(), got);
        JsonNode sent = JSON.readTree(upstream.seen().get(0).body());
        assertTrue(sent.path("stream_options").path("include_usage").asBoolean(), sent.toString());
        assertRealKeyOnly(upstream.seen().get(0), grant, false);
        assertEquals(new TokenUsage(40, 9, 30, 0), grant.usage());
    }

    @Test
    void responsesGoThroughAndAreMetered() throws Exception {
        upstream.answer("/v1/responses", Answer.json(RESPONSE));
        GatewayGrant grant = openAi(Budget.NONE);

        HttpResponse<String> response = openAiCall(grant, "/responses", grant.token(), "{\"model\":\"gpt-4.1\",\"input\":\"hi\"}");

        assertEquals(200, response.statusCode());
        assertEquals(RESPONSE, response.body());
        assertEquals("/v1/responses", upstream.seen().get(0).path());
        assertRealKeyOnly(upstream.seen().get(0), grant, false);
        assertEquals(new TokenUsage(180, 45, 120, 0), grant.usage());
        assertEquals(price("gpt-4.1", Provider.OPENAI, grant.usage()), grant.costUsd(), 1e-12);
    }

    @Test
    void streamedResponsesAreMeteredFromTheCompletedEvent() throws Exception {
        upstream.answer("/v1/responses", RESPONSE_EVENTS);
        CountDownLatch hold = upstream.holdAfterFirstPart();
        GatewayGrant grant = openAi(Budget.NONE);

        String got = readStream(request(URI.create(grant.baseUrl() + "/responses"), "{\"model\":\"gpt-4.1\",\"stream\":true,\"input\":\"hi\"}")
                .header("authorization", "Bearer " + grant.token()).build(), RESPONSE_EVENTS, hold);

        assertEquals(RESPONSE_EVENTS.whole(), got);
        assertEquals("{\"model\":\"gpt-4.1\",\"stream\":true,\"input\":\"hi\"}", upstream.seen().get(0).body());
        assertEquals(new TokenUsage(80, 12, 0, 0), grant.usage());
    }

    @Test
    void aWrongMissingOrRevokedTokenIsRefusedAndNothingIsForwarded() throws Exception {
        upstream.answer("/v1/messages", Answer.json(MESSAGE));
        upstream.answer("/v1/responses", Answer.json(RESPONSE));
        GatewayGrant grant = anthropic(Budget.NONE);
        GatewayGrant other = openAi(Budget.NONE);
        String body = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}";

        HttpResponse<String> wrong = messages(grant, grant.token() + "0", body);
        HttpResponse<String> missing = messages(grant, null, body);
        HttpResponse<String> realKey = messages(grant, KEY, body);
        other.close();
        HttpResponse<String> revoked = openAiCall(other, "/responses", other.token(), "{\"model\":\"gpt-4.1\"}");

        for (HttpResponse<String> r : List.of(wrong, missing, realKey)) {
            assertEquals(401, r.statusCode());
            JsonNode error = JSON.readTree(r.body());
            assertEquals("error", error.path("type").asText(), r.body());
            assertEquals("authentication_error", error.path("error").path("type").asText());
            assertTrue(error.path("error").path("message").asText().startsWith("arena: "), r.body());
        }
        assertEquals(401, revoked.statusCode());
        assertTrue(JSON.readTree(revoked.body()).path("error").path("message").asText().contains("revoked"), revoked.body());
        assertEquals(List.of(), upstream.seen());
        assertEquals(List.of(grant), gateway.openGrants());
    }

    @Test
    void aWildcardAddressIsRefused() throws Exception {
        for (String wildcard : List.of("0.0.0.0", "::")) {
            ArenaException e = assertThrows(ArenaException.class,
                    () -> ModelGateway.start(InetAddress.getByName(wildcard), 0, catalog).close());
            assertTrue(e.getMessage().contains("not on all interfaces"), e.getMessage());
        }
    }

    @Test
    void theCallAfterTheOneThatSpentTheBudgetIsRefused() throws Exception {
        upstream.answer("/v1/messages", Answer.json(MESSAGE)); // 1170 tokens a call
        GatewayGrant grant = anthropic(Budget.tokens(1500));
        String body = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}";

        assertEquals(200, messages(grant, grant.token(), body).statusCode());
        assertFalse(grant.budgetExceeded());
        assertEquals(200, messages(grant, grant.token(), body).statusCode()); // 1170 < 1500 before it
        HttpResponse<String> refused = messages(grant, grant.token(), body);

        assertEquals(400, refused.statusCode());
        String message = JSON.readTree(refused.body()).path("error").path("message").asText();
        assertTrue(message.startsWith("arena: the attempt's budget of 1500 tokens is spent (2340 used)"), message);
        assertTrue(grant.budgetExceeded());
        assertEquals(2, upstream.seen().size());
        assertEquals(2, grant.calls());
        assertEquals(3, grant.requests(), "the refused request is counted as a request, not as a metered call");
    }

    @Test
    void aCostBudgetRefusesAnUnpricedModelAndStopsWhenSpent() throws Exception {
        upstream.answer("/v1/chat/completions", Answer.json(CHAT)); // $0.00133 a call at gpt-4.1's price
        GatewayGrant grant = openAi(Budget.costUsd(0.001));

        HttpResponse<String> unpriced = openAiCall(grant, "/chat/completions", grant.token(), "{\"model\":\"no-such-model-x\"}");
        HttpResponse<String> first = openAiCall(grant, "/chat/completions", grant.token(), "{\"model\":\"gpt-4.1\"}");
        HttpResponse<String> second = openAiCall(grant, "/chat/completions", grant.token(), "{\"model\":\"gpt-4.1\"}");

        assertEquals(400, unpriced.statusCode());
        assertTrue(unpriced.body().contains("no price in the model catalog"), unpriced.body());
        assertEquals(200, first.statusCode());
        assertEquals(400, second.statusCode());
        assertTrue(JSON.readTree(second.body()).path("error").path("message").asText().startsWith("arena: the attempt's budget of $0.0010 is spent"), second.body());
        assertTrue(grant.budgetExceeded());
        assertEquals(1, upstream.seen().size());
    }

    @Test
    void theRunsAccountIsSharedByTheGrantsOfARunAndItsCapRefusesTheirCalls() throws Exception {
        upstream.answer("/v1/chat/completions", Answer.json(CHAT)); // $0.00133 a call at gpt-4.1's price
        RunSpend run = new RunSpend(0.001, 0);
        URI base = URI.create(upstream.root() + "/v1");
        GatewayGrant first = gateway.open("ds/task-1#1", new Upstream(Provider.OPENAI, base, KEY), Budget.NONE, dir.resolve("a.jsonl"), run);
        GatewayGrant second = gateway.open("ds/task-2#1", new Upstream(Provider.OPENAI, base, KEY), Budget.NONE, dir.resolve("b.jsonl"), run);

        HttpResponse<String> unpriced = openAiCall(first, "/chat/completions", first.token(), "{\"model\":\"no-such-model-x\"}");
        assertEquals(200, openAiCall(first, "/chat/completions", first.token(), "{\"model\":\"gpt-4.1\"}").statusCode());
        HttpResponse<String> refused = openAiCall(second, "/chat/completions", second.token(), "{\"model\":\"gpt-4.1\"}");

        assertEquals(400, unpriced.statusCode());
        assertTrue(unpriced.body().contains("no price in the model catalog, so the run's cost budget (--max-cost) cannot be kept"), unpriced.body());
        assertEquals(first.costUsd(), run.spentUsd(), 1e-12);
        assertEquals(400, refused.statusCode());
        assertEquals("arena: the run's budget of $0.001 is spent ($0.0013 used); no further model calls are allowed",
                JSON.readTree(refused.body()).path("error").path("message").asText());
        assertTrue(second.budgetExceeded(), "the second attempt stops with stop_reason budget");
        assertFalse(first.budgetExceeded());
        assertEquals(1, upstream.seen().size());
    }

    @Test
    void anUnreachableUpstreamIsA502AndRecorded() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        GatewayGrant grant = gateway.open("ds/task#1", new Upstream(Provider.ANTHROPIC, URI.create("http://127.0.0.1:" + closedPort), KEY),
                Budget.NONE, dir.resolve("model_calls.jsonl"));

        HttpResponse<String> response = messages(grant, grant.token(), "{\"model\":\"claude-sonnet-4-5\"}");

        assertEquals(502, response.statusCode());
        JsonNode error = JSON.readTree(response.body());
        assertEquals("api_error", error.path("error").path("type").asText());
        assertTrue(error.path("error").path("message").asText().contains("could not be reached"), response.body());
        assertTrue(grant.upstreamError().orElseThrow().contains("127.0.0.1:" + closedPort));
        assertEquals(0, grant.calls());
        assertEquals(1, grant.requests());
    }

    @Test
    void theCallLogHoldsEveryCallButNeitherTheKeyNorTheToken() throws Exception {
        upstream.answer("/v1/messages", MESSAGE_EVENTS);
        upstream.answer("/v1/responses", Answer.json(RESPONSE.replace("hello", "your key is " + KEY)));
        GatewayGrant grant = anthropic(Budget.NONE);
        GatewayGrant codex = openAi(Budget.NONE);

        messages(grant, grant.token(), "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"my token is "
                + grant.token() + "\"}]}");
        openAiCall(codex, "/responses", codex.token(), "{\"model\":\"gpt-4.1\",\"input\":\"" + codex.token() + "\"}");

        String log = Files.readString(dir.resolve("model_calls.jsonl"));
        assertFalse(log.contains(KEY));
        assertFalse(log.contains(grant.token()));
        assertFalse(log.contains(codex.token()));
        List<JsonNode> lines = log.lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals(2, lines.size());
        assertEquals("/v1/messages", lines.get(0).path("api").asText());
        assertEquals(30, lines.get(0).path("usage").path("output_tokens").asLong());
        assertEquals("message_stop", lines.get(0).path("response").get(3).path("type").asText());
        assertTrue(lines.get(0).path("request").path("messages").get(0).path("content").asText().contains("[redacted]"));
        assertEquals("your key is [redacted]", lines.get(1).path("response").path("output").get(0).path("content").get(0).path("text").asText());
        assertEquals(180, lines.get(1).path("usage").path("input_tokens").asLong());
    }

    @Test
    void aForwarded429LowersThePaceTheGladiatorsTransportUses() throws Exception {
        upstream.answer("/v1/messages", new Answer(429, "application/json", List.of("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}")));
        GatewayGrant grant = anthropic(Budget.NONE);

        HttpResponse<String> response = messages(grant, grant.token(), "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}");

        assertEquals(429, response.statusCode());
        // the transport a gladiator agent builds paces with the process's shared paces, as the gateway does
        ProviderPace pace = new HttpTransport(RetryPolicy.DEFAULT, Sleeper.REAL, Duration.ofSeconds(10)).pace(Provider.ANTHROPIC, upstream.root());
        assertSame(ProviderPaces.shared().pace(Provider.ANTHROPIC, upstream.root() + "/"), pace);
        assertEquals(List.of(16, 8), pace.levels().stream().map(ProviderPace.Level::level).toList());
    }

    @Test
    void aProviderPauseLongerThanTheUpstreamTimeoutIsA429WithoutForwarding() throws Exception {
        ProviderPaces paces = new ProviderPaces(16, 64, Clock.systemUTC());
        try (ModelGateway paced = ModelGateway.start(InetAddress.getLoopbackAddress(), 0, catalog, Duration.ofSeconds(5), paces)) {
            upstream.answer("/v1/messages", Answer.json(MESSAGE));
            GatewayGrant grant = paced.open("ds/task#1", new Upstream(Provider.ANTHROPIC, URI.create(upstream.root()), KEY), Budget.NONE,
                    dir.resolve("model_calls.jsonl"));
            // another caller of the same provider was told to wait a minute
            ProviderPace pace = paces.pace(Provider.ANTHROPIC, upstream.root());
            pace.acquire(Instant.now().plusSeconds(5), null, Sleeper.REAL).finish(429, Duration.ofSeconds(60));

            long start = System.nanoTime();
            HttpResponse<String> response = messages(grant, grant.token(), "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}");
            double seconds = (System.nanoTime() - start) / 1e9;

            assertEquals(429, response.statusCode());
            assertTrue(seconds < 2, "answered after " + seconds + "s");
            long retryAfter = Long.parseLong(response.headers().firstValue("retry-after").orElse("0"));
            assertTrue(retryAfter > 50 && retryAfter <= 60, "retry-after " + retryAfter);
            assertTrue(response.body().contains("rate_limit_error"), response.body());
            assertEquals(0, upstream.seen().size(), "nothing was forwarded during the pause");
            JsonNode logged = JSON.readTree(Files.readAllLines(dir.resolve("model_calls.jsonl")).get(0));
            assertEquals(429, logged.path("status").asInt());
        }
    }
}
