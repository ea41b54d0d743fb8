package dev.arena.bench;

import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.Provider;
import dev.arena.agent.llm.Budget;
import dev.arena.gateway.GatewayGrant;
import dev.arena.gateway.ModelGateway;
import dev.arena.gateway.Upstream;
import dev.arena.testing.RecordingUpstream;
import dev.arena.testing.RecordingUpstream.Answer;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the model gateway adds to each call: the same request sent straight to a test upstream
 * (127.0.0.1, canned answers) and through the gateway to it, for each API, whole and streamed.
 * Each round times a batch of calls each way, the order switching every round so drift on a
 * noisy machine hits both; the figures are medians over rounds of the time per call. Both sides
 * must get the same answer or the benchmark stops. Run with bench/gateway-latency.sh.
 */
public final class GatewayLatencyBench {
    private static final String KEY = "sk-bench-key";

    private record Mode(String name, Provider provider, String path, String body, Answer answer) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        String text = "x".repeat(2000); // an answer of realistic size, not a few bytes
        List<Mode> modes = List.of(
                new Mode("messages", Provider.ANTHROPIC, "/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}",
                        Answer.json("{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}],"
                                + "\"usage\":{\"input_tokens\":100,\"output_tokens\":20}}")),
                new Mode("messages, streamed", Provider.ANTHROPIC, "/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"stream\":true}",
                        Answer.events("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":100,\"output_tokens\":1}}}\n\n",
                                delta("content_block_delta", text), delta("content_block_delta", text),
                                "event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":20}}\n\n",
                                "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")),
                new Mode("chat completions", Provider.OPENAI, "/v1/chat/completions", "{\"model\":\"gpt-4.1\",\"messages\":[]}",
                        Answer.json("{\"choices\":[{\"message\":{\"content\":\"" + text + "\"}}],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20}}")),
                new Mode("chat completions, streamed", Provider.OPENAI, "/v1/chat/completions",
                        "{\"model\":\"gpt-4.1\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
                        Answer.events("data: {\"choices\":[{\"delta\":{\"content\":\"" + text + "\"}}]}\n\n",
                                "data: {\"choices\":[{\"delta\":{\"content\":\"" + text + "\"}}]}\n\n",
                                "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20}}\n\n", "data: [DONE]\n\n")),
                new Mode("responses", Provider.OPENAI, "/v1/responses", "{\"model\":\"gpt-4.1\",\"input\":\"hi\"}",
                        Answer.json("{\"output\":[{\"content\":[{\"text\":\"" + text + "\"}]}],\"usage\":{\"input_tokens\":100,\"output_tokens\":20}}")),
                new Mode("responses, streamed", Provider.OPENAI, "/v1/responses", "{\"model\":\"gpt-4.1\",\"stream\":true,\"input\":\"hi\"}",
                        Answer.events(delta("response.output_text.delta", text), delta("response.output_text.delta", text),
                                "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":100,\"output_tokens\":20}}}\n\n")));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Path logs = Files.createTempDirectory("arena-gateway-bench-");
        System.out.printf("%d rounds of %d calls each way; medians of the time per call%n", rounds, batch);
        System.out.printf("%-28s %12s %14s %10s %8s%n", "api", "direct ms", "gateway ms", "added ms", "ratio");
        try (ModelGateway gateway = ModelGateway.start(InetAddress.getLoopbackAddress(), 0, ModelCatalog.bundled())) {
            for (Mode mode : modes) {
                try (RecordingUpstream upstream = new RecordingUpstream()) {
                    upstream.answer(mode.path(), mode.answer());
                    String root = mode.provider() == Provider.ANTHROPIC ? upstream.root() : upstream.root() + "/v1";
                    try (GatewayGrant grant = gateway.open("bench", new Upstream(mode.provider(), URI.create(root), KEY), Budget.NONE,
                            logs.resolve(mode.path().substring(4).replace('/', '-') + ".jsonl"))) {
                        String gatewayRoot = grant.baseUrl().toString();
                        String rest = mode.provider() == Provider.ANTHROPIC ? mode.path() : mode.path().substring(3);
                        HttpRequest direct = request(URI.create(root + rest), mode, KEY);
                        HttpRequest through = request(URI.create(gatewayRoot + rest), mode, grant.token());
                        measure(client, mode, direct, through, rounds, batch);
                    }
                }
            }
        }
    }

    private static String delta(String type, String text) {
        return "event: " + type + "\ndata: {\"type\":\"" + type + "\",\"delta\":\"" + text + "\"}\n\n";
    }

    private static HttpRequest request(URI url, Mode mode, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mode.body()));
        return mode.provider() == Provider.ANTHROPIC ? b.header("x-api-key", key).build() : b.header("authorization", "Bearer " + key).build();
    }

    private static void measure(HttpClient client, Mode mode, HttpRequest direct, HttpRequest through, int rounds, int batch) throws Exception {
        String expected = mode.answer().whole();
        for (int i = 0; i < 200; i++) { // warm up both paths: JIT, connections
            call(client, direct, expected);
            call(client, through, expected);
        }
        Timings plain = new Timings();
        Timings gateway = new Timings();
        for (int r = 0; r < rounds; r++) {
            for (int side = 0; side < 2; side++) {
                boolean viaGateway = (r + side) % 2 == 1;
                HttpRequest request = viaGateway ? through : direct;
                long start = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    call(client, request, expected);
                }
                (viaGateway ? gateway : plain).add((System.nanoTime() - start) / 1e6 / batch);
            }
        }
        double d = plain.median();
        double g = gateway.median();
        System.out.printf("%-28s %12.3f %14.3f %10.3f %8.2f%n", mode.name(), d, g, g - d, g / d);
    }

    private static void call(HttpClient client, HttpRequest request, String expected) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().equals(expected)) {
            throw new IllegalStateException("unexpected answer " + response.statusCode() + " from " + request.uri() + ": " + response.body());
        }
    }
}
