package dev.arena.agent.llm;

import dev.arena.ArenaException;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where a {@code vertex_ai/MODEL} is called: Vertex AI in a project and location. Claude models
 * take Anthropic's Messages shape at the model's {@code :rawPredict} address; the others (Gemini)
 * take Chat Completions at the location's OpenAI-compatible endpoint, named {@code google/MODEL}.
 *
 * @param baseUrl  {@code https://LOCATION-aiplatform.googleapis.com} ({@code https://aiplatform.googleapis.com}
 *                 for the {@code global} location), or the {@code --model-base-url} override
 */
public record VertexEndpoint(ModelRef model, String baseUrl, String project, String location) {
    // both become part of a host name or a path: nothing else may slip into the URL the token is sent to
    private static final Pattern LOCATION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9.:-]*");

    public static VertexEndpoint resolve(ModelRef model, String baseUrlFlag, String location, String project) {
        requireLocation(model, location);
        if (project == null || project.isBlank()) {
            throw ArenaException.usage("model " + model.name() + " needs a Google Cloud project for Vertex AI: set $ARENA_PROJECT"
                    + " or run `arena setup` (the credentials name none)");
        }
        if (!PROJECT.matcher(project.strip()).matches()) {
            throw ArenaException.usage("'" + project.strip() + "' is not a Google Cloud project id");
        }
        String loc = location.strip();
        String base = baseUrlFlag != null && !baseUrlFlag.isBlank() ? baseUrlFlag.strip()
                : "https://" + ("global".equals(loc) ? "" : loc + "-") + "aiplatform.googleapis.com";
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            throw ArenaException.usage("the model base URL must start with http:// or https://, not '" + base + "'");
        }
        return new VertexEndpoint(model, base.replaceAll("/+$", ""), project.strip(), loc);
    }

    /** A Vertex model needs a location, checked before credentials are looked for: a usage error, not an environment one. */
    public static void requireLocation(ModelRef model, String location) {
        if (location == null || location.isBlank()) {
            throw ArenaException.usage("model " + model.name() + " needs a Vertex AI location: pass --vertex-location LOCATION"
                    + " (e.g. us-east5, europe-west1 or global), set $ARENA_VERTEX_LOCATION, or run `arena setup --vertex`");
        }
        if (!LOCATION.matcher(location.strip()).matches()) {
            throw ArenaException.usage("'" + location.strip() + "' is not a Vertex AI location (such as us-east5 or global)");
        }
    }

    private String locationPath() {
        return baseUrl + "/v1/projects/" + project + "/locations/" + location;
    }

    /** Claude's Messages address: the model is named here, not in the body. */
    public URI rawPredictUri() {
        return URI.create(locationPath() + "/publishers/anthropic/models/" + model.id() + ":rawPredict");
    }

    public URI chatCompletionsUri() {
        return URI.create(locationPath() + "/endpoints/openapi/chat/completions");
    }

    /** The OpenAI-compatible endpoint names Google's models {@code google/MODEL}; an id with a publisher is kept. */
    public String chatModelId() {
        return model.id().contains("/") ? model.id() : "google/" + model.id();
    }
}
