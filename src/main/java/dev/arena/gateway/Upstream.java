package dev.arena.gateway;

import dev.arena.agent.llm.Provider;

import java.net.URI;
import java.util.Objects;

/**
 * Where the gateway forwards an attempt's calls: the provider (which tells how the key is sent
 * and which catalog prices apply), its real base URL in the provider's own convention (Anthropic
 * without {@code /v1}, the OpenAI-compatible ones with it) and the real key, which only the
 * gateway's process ever holds.
 */
public record Upstream(Provider provider, URI baseUrl, String key) {
    public Upstream {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (provider == Provider.VERTEX_AI) {
            throw new IllegalArgumentException("the model gateway forwards to key-based APIs; Vertex AI signs its calls instead");
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("the upstream " + baseUrl + " needs a key");
        }
        String url = baseUrl.toString();
        baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /** Anthropic takes the key in {@code x-api-key}; the OpenAI-compatible APIs as a bearer token. */
    boolean sendsApiKeyHeader() {
        return provider.speaksAnthropicMessages();
    }

    /**
     * The upstream address of a gateway path such as {@code /v1/messages}: Anthropic's base URL
     * has no {@code /v1}, the others end with it, so theirs drops the path's own.
     */
    URI target(String gatewayPath) {
        String rest = provider.speaksAnthropicMessages() ? gatewayPath : gatewayPath.substring("/v1".length());
        return URI.create(baseUrl + rest);
    }

    @Override
    public String toString() {
        // the key stays out of logs and exception messages
        return "Upstream[" + provider.prefix() + " " + baseUrl + "]";
    }
}
