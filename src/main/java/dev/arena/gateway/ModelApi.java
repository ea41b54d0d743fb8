package dev.arena.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.agent.llm.TokenUsage;

import java.util.Optional;

/**
 * The three model APIs the gateway speaks, each with its path, its error shape and where its
 * answers carry token usage, in a whole response and in a streamed event. Every usage is turned
 * into arena's {@link TokenUsage} convention: {@code input} without cached prompt tokens.
 */
enum ModelApi {
    MESSAGES("/v1/messages") {
        @Override
        ObjectNode error(String type, String message) {
            ObjectNode body = JSON.createObjectNode().put("type", "error");
            body.putObject("error").put("type", type).put("message", message);
            return body;
        }

        @Override
        Optional<TokenUsage> usage(JsonNode response) {
            return anthropic(response.path("usage"));
        }

        @Override
        Optional<TokenUsage> eventUsage(JsonNode event, TokenUsage soFar) {
            // message_start holds the prompt's tokens; message_delta the output so far (cumulative),
            // and on newer API versions the prompt's again
            switch (event.path("type").asText()) {
                case "message_start":
                    return anthropic(event.path("message").path("usage"));
                case "message_delta": {
                    JsonNode u = event.path("usage");
                    if (!u.isObject()) {
                        return Optional.empty();
                    }
                    TokenUsage base = soFar == null ? TokenUsage.ZERO : soFar;
                    return Optional.of(new TokenUsage(
                            u.has("input_tokens") ? u.path("input_tokens").asLong() : base.input(),
                            u.has("output_tokens") ? u.path("output_tokens").asLong() : base.output(),
                            u.has("cache_read_input_tokens") ? u.path("cache_read_input_tokens").asLong() : base.cacheRead(),
                            u.has("cache_creation_input_tokens") ? u.path("cache_creation_input_tokens").asLong() : base.cacheWrite()));
                }
                default:
                    return Optional.empty();
            }
        }

        private Optional<TokenUsage> anthropic(JsonNode u) {
            if (!u.isObject()) {
                return Optional.empty();
            }
            return Optional.of(new TokenUsage(u.path("input_tokens").asLong(), u.path("output_tokens").asLong(),
                    u.path("cache_read_input_tokens").asLong(), u.path("cache_creation_input_tokens").asLong()));
        }
    },
    CHAT_COMPLETIONS("/v1/chat/completions") {
        @Override
        Optional<TokenUsage> usage(JsonNode response) {
            JsonNode u = response.path("usage");
            if (!u.isObject()) {
                return Optional.empty();
            }
            long prompt = u.path("prompt_tokens").asLong();
            long cached = u.path("prompt_tokens_details").path("cached_tokens").asLong();
            return Optional.of(new TokenUsage(prompt - cached, u.path("completion_tokens").asLong(), cached, 0));
        }

        @Override
        Optional<TokenUsage> eventUsage(JsonNode event, TokenUsage soFar) {
            // with stream_options.include_usage the last chunk carries the whole call's usage
            return usage(event);
        }
    },
    RESPONSES("/v1/responses") {
        @Override
        Optional<TokenUsage> usage(JsonNode response) {
            JsonNode u = response.path("usage");
            if (!u.isObject()) {
                return Optional.empty();
            }
            long input = u.path("input_tokens").asLong();
            long cached = u.path("input_tokens_details").path("cached_tokens").asLong();
            return Optional.of(new TokenUsage(input - cached, u.path("output_tokens").asLong(), cached, 0));
        }

        @Override
        Optional<TokenUsage> eventUsage(JsonNode event, TokenUsage soFar) {
            String type = event.path("type").asText();
            if (type.equals("response.completed") || type.equals("response.incomplete") || type.equals("response.failed")) {
                return usage(event.path("response"));
            }
            return Optional.empty();
        }
    };

    static final ObjectMapper JSON = new ObjectMapper();

    private final String path;

    ModelApi(String path) {
        this.path = path;
    }

    String path() {
        return path;
    }

    static Optional<ModelApi> byPath(String path) {
        for (ModelApi api : values()) {
            if (api.path.equals(path)) {
                return Optional.of(api);
            }
        }
        return Optional.empty();
    }

    /** The API's own error body, so the client shows the message as it would a provider's. */
    ObjectNode error(String type, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", type).putNull("param").putNull("code");
        return body;
    }

    /** The usage of a whole (not streamed) response body. */
    abstract Optional<TokenUsage> usage(JsonNode response);

    /** The call's usage as known after this streamed event (given what was known before), if the event tells. */
    abstract Optional<TokenUsage> eventUsage(JsonNode event, TokenUsage soFar);
}
