package dev.arena.agent.llm;

import dev.arena.result.EvaluationException;

import java.time.Clock;
import java.time.Instant;

/**
 * One model API. Implementations translate {@link ModelRequest} into their wire format and
 * back; retries live in {@link HttpTransport}. A call that still fails after its retries throws
 * {@link EvaluationException} with {@code rate_limited} or {@code model_api}.
 */
public interface ModelClient {
    ModelReply complete(ModelRequest request, Instant deadline) throws EvaluationException, InterruptedException;

    /** Model settings the API of {@code model} cannot take, as a usage error before any work. */
    static void check(ModelRef model, Sampling sampling) {
        if (model.provider().speaksAnthropicMessages() || model.provider() == Provider.VERTEX_AI && model.isClaude()) {
            AnthropicClient.check(sampling);
        }
    }

    /** The client that speaks {@code endpoint}'s protocol. */
    static ModelClient of(ModelEndpoint endpoint, HttpTransport transport) {
        return endpoint.model().provider().speaksAnthropicMessages()
                ? new AnthropicClient(endpoint, transport)
                : new ChatCompletionsClient(endpoint, transport);
    }

    /** The client of a model on Vertex AI, signing each call with a token from {@code tokens}, fetched again before it expires. */
    static ModelClient vertex(VertexEndpoint endpoint, TokenSource tokens, Clock clock, HttpTransport transport) {
        RequestSigner signer = new CachedToken(tokens, clock).signer();
        ProviderPace pace = transport.pace(Provider.VERTEX_AI, endpoint.baseUrl());
        return endpoint.model().isClaude()
                ? AnthropicClient.onVertex(endpoint.rawPredictUri(), signer, transport, pace)
                : new ChatCompletionsClient(endpoint.chatCompletionsUri(), endpoint.chatModelId(), signer, transport, pace);
    }
}
