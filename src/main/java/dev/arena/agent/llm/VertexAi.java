package dev.arena.agent.llm;

import dev.arena.config.Settings;

import java.time.Clock;

/** The client of a {@code vertex_ai/MODEL} as a run makes it: its location, the project, application default credentials. */
public final class VertexAi {
    private VertexAi() {
    }

    /**
     * Checks the location first (exit 2), then finds the credentials (exit 3 without them); the
     * project is $ARENA_PROJECT or the settings file's, else the one the credentials belong to.
     */
    public static ModelClient client(ModelRef model, String baseUrlFlag, String location, Settings settings, HttpTransport transport) {
        VertexEndpoint.requireLocation(model, location);
        GoogleTokenSource credentials = GoogleTokenSource.applicationDefault(model);
        String project = settings.get(Settings.Key.PROJECT, null);
        if (project == null) {
            project = credentials.project().orElse(null);
        }
        return ModelClient.vertex(VertexEndpoint.resolve(model, baseUrlFlag, location, project), credentials, Clock.systemUTC(), transport);
    }
}
