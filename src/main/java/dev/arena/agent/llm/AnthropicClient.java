package dev.arena.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.ArenaException;
import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}), also as Vertex AI serves Claude. Marks the system prompt and the newest
 * message for prompt caching, so each step pays full price only for what is new.
 * <p>
 * The operator's settings, each only when set: {@code temperature}; the output cap as
 * {@code max_tokens} (else the request's default cap). A reasoning effort turns on extended
 * thinking, {@code thinking: {type: enabled, budget_tokens: B}} with B from
 * {@link ReasoningEffort#anthropicBudget}; {@code max_tokens}, which counts the thinking, is then the
 * operator's cap (which must be above B, checked before the run by {@link #check}) or B plus the
 * default cap. Anthropic allows no temperature but 1 with thinking, so temperature is not sent then.
 * The thinking blocks of each answer go back with it, as the API requires during tool use.
 */
final class AnthropicClient implements ModelClient {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_VERSION = "2023-06-01";
    /** On Vertex AI the version goes in the body, and the model in the URL. */
    private static final String VERTEX_API_VERSION = "vertex-2023-10-16";

    private final URI uri;
    /** The model id for the body; null on Vertex AI. */
    private final String model;
    private final RequestSigner signer;
    private final HttpTransport transport;
    private final ProviderPace pace;

    AnthropicClient(ModelEndpoint endpoint, HttpTransport transport) {
        this(URI.create(endpoint.baseUrl() + "/v1/messages"), endpoint.model().id(),
                () -> Map.of("x-api-key", endpoint.apiKey(), "anthropic-version", API_VERSION), transport,
                transport.pace(endpoint.model().provider(), endpoint.baseUrl()));
    }

    private AnthropicClient(URI uri, String model, RequestSigner signer, HttpTransport transport, ProviderPace pace) {
        this.uri = uri;
        this.model = model;
        this.signer = signer;
        this.transport = transport;
        this.pace = pace;
    }

    /** Claude on Vertex AI: the same Messages shape, posted to the model's {@code :rawPredict} address. */
    static AnthropicClient onVertex(URI rawPredict, RequestSigner signer, HttpTransport transport, ProviderPace pace) {
        return new AnthropicClient(rawPredict, null, signer, transport, pace);
    }

    @Override
    public ModelReply complete(ModelRequest request, Instant deadline) throws EvaluationException, InterruptedException {
        JsonNode response = transport.post(pace, uri, signer.headers(), body(request), deadline);
        return reply(response);
    }

    ObjectNode body(ModelRequest request) {
        ObjectNode body = NODES.objectNode();
        if (model != null) {
            body.put("model", model);
        } else {
            body.put("anthropic_version", VERTEX_API_VERSION);
        }
        Sampling sampling = request.sampling();
        ReasoningEffort effort = sampling.reasoningEffort();
        if (effort == null) {
            body.put("max_tokens", sampling.maxOutputTokens() != null ? sampling.maxOutputTokens() : request.maxOutputTokens());
            if (sampling.temperature() != null) {
                body.put("temperature", sampling.temperature());
            }
        } else {
            int budget = effort.anthropicBudget();
            body.put("max_tokens", sampling.maxOutputTokens() != null ? sampling.maxOutputTokens() : budget + request.maxOutputTokens());
            body.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
        }
        ObjectNode system = body.putArray("system").addObject().put("type", "text").put("text", request.system());
        cached(system);
        ArrayNode messages = body.putArray("messages");
        for (Turn turn : request.turns()) {
            messages.add(message(turn));
        }
        JsonNode last = messages.get(messages.size() - 1).path("content");
        if (last.isArray() && !last.isEmpty()) {
            cached((ObjectNode) last.get(last.size() - 1));
        }
        ArrayNode tools = body.putArray("tools");
        for (ToolSpec spec : request.tools()) {
            tools.addObject().put("name", spec.name()).put("description", spec.description()).set("input_schema", spec.parameters());
        }
        return body;
    }

    /**
     * Settings this API cannot take, as a usage error before any call: with thinking, a cap not
     * above the budget or a temperature other than 1.
     */
    static void check(Sampling sampling) {
        ReasoningEffort effort = sampling.reasoningEffort();
        if (effort == null) {
            return;
        }
        if (sampling.maxOutputTokens() != null && sampling.maxOutputTokens() <= effort.anthropicBudget()) {
            throw ArenaException.usage("--max-output-tokens " + sampling.maxOutputTokens() + " leaves no room for the answer: for"
                    + " Anthropic models it counts the thinking, and --reasoning-effort " + effort.json() + " thinks up to "
                    + effort.anthropicBudget() + " tokens");
        }
        if (sampling.temperature() != null && sampling.temperature() != 1.0) {
            throw ArenaException.usage("--temperature cannot be used with --reasoning-effort for Anthropic models: extended"
                    + " thinking runs at temperature 1");
        }
    }

    private static ObjectNode message(Turn turn) {
        ObjectNode message = NODES.objectNode();
        ArrayNode content = NODES.arrayNode();
        if (turn instanceof Turn.User user) {
            message.put("role", "user");
            content.addObject().put("type", "text").put("text", user.text());
        } else if (turn instanceof Turn.Assistant assistant) {
            message.put("role", "assistant");
            assistant.thinking().forEach(content::add);
            if (!assistant.text().isBlank()) {
                content.addObject().put("type", "text").put("text", assistant.text());
            }
            for (Turn.ToolCall call : assistant.toolCalls()) {
                content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name()).set("input", input(call.arguments()));
            }
        } else if (turn instanceof Turn.ToolResults results) {
            message.put("role", "user");
            for (Turn.ToolResult result : results.results()) {
                content.addObject().put("type", "tool_result").put("tool_use_id", result.callId())
                        .put("content", result.content()).put("is_error", result.isError());
            }
        }
        message.set("content", content);
        return message;
    }

    /** Anthropic hands tool input over as an object; ours is its JSON text (always valid here). */
    private static JsonNode input(String arguments) {
        try {
            JsonNode node = JSON.readTree(arguments);
            return node != null && node.isObject() ? node : NODES.objectNode();
        } catch (IOException e) {
            return NODES.objectNode();
        }
    }

    private static void cached(ObjectNode block) {
        block.putObject("cache_control").put("type", "ephemeral");
    }

    private static ModelReply reply(JsonNode response) throws EvaluationException {
        JsonNode content = response.path("content");
        if (!content.isArray()) {
            throw new EvaluationException(ErrorKind.MODEL_API, "the model API answered without content: " + HttpTransport.apiMessage(response.toString()));
        }
        StringBuilder text = new StringBuilder();
        List<Turn.ToolCall> calls = new ArrayList<>();
        List<JsonNode> thinking = new ArrayList<>();
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "thinking", "redacted_thinking" -> thinking.add(block.deepCopy());
                case "text" -> text.append(text.length() == 0 ? "" : "\n").append(block.path("text").asText());
                case "tool_use" -> calls.add(new Turn.ToolCall(block.path("id").asText(), block.path("name").asText(),
                        block.path("input").isMissingNode() ? "{}" : block.path("input").toString()));
                default -> { } // other blocks are not replayed
            }
        }
        JsonNode usage = response.path("usage");
        TokenUsage tokens = new TokenUsage(usage.path("input_tokens").asLong(), usage.path("output_tokens").asLong(),
                usage.path("cache_read_input_tokens").asLong(), usage.path("cache_creation_input_tokens").asLong());
        return new ModelReply(text.toString(), calls, tokens, response.path("stop_reason").asText(null), thinking);
    }
}
