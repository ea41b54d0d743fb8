package dev.arena.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI-compatible Chat Completions API ({@code POST <base>/chat/completions}): OpenAI,
 * OpenRouter, Gemini's compatibility endpoint, the other vendors of {@link Provider}, Vertex AI and
 * self-hosted servers. No output cap is sent unless the operator sets one: the parameter's name
 * differs between models and servers, and their defaults are generous. The operator's settings,
 * each only when set:
 * <ul>
 *   <li>{@code temperature} as is;</li>
 *   <li>the output cap as {@code max_completion_tokens} for OpenAI (its reasoning models refuse
 *       {@code max_tokens}; self-hosted servers such as vLLM accept both), else {@code max_tokens};</li>
 *   <li>the effort as {@code reasoning_effort}, which OpenAI and Gemini's endpoint take (Gemini turns
 *       it into a thinking budget or level), and as {@code reasoning: {effort}} for OpenRouter, its
 *       documented form that it translates for every vendor.</li>
 * </ul>
 */
final class ChatCompletionsClient implements ModelClient {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final URI uri;
    private final String modelId;
    private final RequestSigner signer;
    private final HttpTransport transport;
    private final ProviderPace pace;
    /** Whose names the model settings take (see the class comment); null: the common ones. */
    private final Provider provider;

    ChatCompletionsClient(ModelEndpoint endpoint, HttpTransport transport) {
        this(URI.create(endpoint.baseUrl() + "/chat/completions"), endpoint.model().id(), RequestSigner.bearer(endpoint.apiKey()), transport,
                transport.pace(endpoint.model().provider(), endpoint.baseUrl()), endpoint.model().provider());
    }

    /** Any server of this API: Vertex AI's, for one, at its own path and with a token for a key. */
    ChatCompletionsClient(URI uri, String modelId, RequestSigner signer, HttpTransport transport, ProviderPace pace) {
        this(uri, modelId, signer, transport, pace, null);
    }

    private ChatCompletionsClient(URI uri, String modelId, RequestSigner signer, HttpTransport transport, ProviderPace pace, Provider provider) {
        this.uri = uri;
        this.modelId = modelId;
        this.signer = signer;
        this.transport = transport;
        this.pace = pace;
        this.provider = provider;
    }

    @Override
    public ModelReply complete(ModelRequest request, Instant deadline) throws EvaluationException, InterruptedException {
        JsonNode response = transport.post(pace, uri, signer.headers(), body(request), deadline);
        return reply(response);
    }

    ObjectNode body(ModelRequest request) {
        ObjectNode body = NODES.objectNode();
        body.put("model", modelId);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", request.system());
        for (Turn turn : request.turns()) {
            if (turn instanceof Turn.User user) {
                messages.addObject().put("role", "user").put("content", user.text());
            } else if (turn instanceof Turn.Assistant assistant) {
                ObjectNode message = messages.addObject().put("role", "assistant");
                message.put("content", assistant.text());
                if (!assistant.toolCalls().isEmpty()) {
                    ArrayNode calls = message.putArray("tool_calls");
                    for (Turn.ToolCall call : assistant.toolCalls()) {
                        ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
                        c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                        if (call.thoughtSignature() != null) {
                            c.putObject("extra_content").putObject("google").put("thought_signature", call.thoughtSignature());
                        }
                    }
                }
            } else if (turn instanceof Turn.ToolResults results) {
                // this API has no error flag on tool results: say it in the text
                for (Turn.ToolResult result : results.results()) {
                    messages.addObject().put("role", "tool").put("tool_call_id", result.callId())
                            .put("content", result.isError() ? "Error: " + result.content() : result.content());
                }
            }
        }
        ArrayNode tools = body.putArray("tools");
        for (ToolSpec spec : request.tools()) {
            tools.addObject().put("type", "function").putObject("function")
                    .put("name", spec.name()).put("description", spec.description()).set("parameters", spec.parameters());
        }
        sampling(body, request.sampling());
        return body;
    }

    private void sampling(ObjectNode body, Sampling sampling) {
        if (sampling.temperature() != null) {
            body.put("temperature", sampling.temperature());
        }
        if (sampling.maxOutputTokens() != null) {
            body.put(provider == Provider.OPENAI ? "max_completion_tokens" : "max_tokens", sampling.maxOutputTokens());
        }
        if (sampling.reasoningEffort() != null) {
            if (provider == Provider.OPENROUTER) {
                body.putObject("reasoning").put("effort", sampling.reasoningEffort().json());
            } else {
                body.put("reasoning_effort", sampling.reasoningEffort().json());
            }
        }
    }

    private static ModelReply reply(JsonNode response) throws EvaluationException {
        JsonNode choice = response.path("choices").path(0);
        if (choice.isMissingNode()) {
            throw new EvaluationException(ErrorKind.MODEL_API, "the model API answered without choices: " + HttpTransport.apiMessage(response.toString()));
        }
        JsonNode message = choice.path("message");
        List<Turn.ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            String id = call.path("id").asText("");
            JsonNode function = call.path("function");
            JsonNode arguments = function.path("arguments");
            // some servers send the arguments as an object instead of its JSON text
            String text = arguments.isTextual() ? arguments.asText() : arguments.isMissingNode() || arguments.isNull() ? "{}" : arguments.toString();
            // Gemini signs its reasoning on the call; the next request must carry it back, or Gemini 3 refuses it
            JsonNode signature = call.path("extra_content").path("google").path("thought_signature");
            calls.add(new Turn.ToolCall(id.isBlank() ? "call_" + (calls.size() + 1) : id, function.path("name").asText(), text,
                    signature.isTextual() ? signature.asText() : null));
        }
        JsonNode usage = response.path("usage");
        long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong();
        TokenUsage tokens = new TokenUsage(Math.max(0, usage.path("prompt_tokens").asLong() - cached),
                usage.path("completion_tokens").asLong(), cached, 0);
        return new ModelReply(message.path("content").asText(""), calls, tokens, choice.path("finish_reason").asText(null));
    }
}
