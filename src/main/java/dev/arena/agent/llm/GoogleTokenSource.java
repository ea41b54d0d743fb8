package dev.arena.agent.llm;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.ServiceOptions;
import dev.arena.ArenaException;
import dev.arena.ExitCode;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tokens from Google application default credentials: {@code gcloud auth application-default
 * login} on a workstation, Workload Identity in the cluster's pods. No key file is ever needed.
 */
public final class GoogleTokenSource implements TokenSource {
    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    /** How long a token without an expiry is trusted; Google's last an hour. */
    private static final Duration UNKNOWN_LIFETIME = Duration.ofMinutes(30);

    private final GoogleCredentials credentials;

    private GoogleTokenSource(GoogleCredentials credentials) {
        this.credentials = credentials;
    }

    /** The application default credentials; their absence is an environment problem (exit 3) that says how to fix it. */
    public static GoogleTokenSource applicationDefault(ModelRef model) {
        try {
            GoogleCredentials c = GoogleCredentials.getApplicationDefault();
            return new GoogleTokenSource(c.createScopedRequired() ? c.createScoped(List.of(SCOPE)) : c);
        } catch (IOException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "model " + model.name() + " needs Google application default credentials,"
                    + " and there are none: run `gcloud auth application-default login`, or in the cluster use Workload Identity (`arena setup --vertex`)");
        }
    }

    /** The project the credentials belong to: a service account's, else the environment's (gcloud's, the metadata server's). */
    public Optional<String> project() {
        String own = credentials.getProjectId();
        if (own != null && !own.isBlank()) {
            return Optional.of(own);
        }
        return Optional.ofNullable(ServiceOptions.getDefaultProjectId()).filter(p -> !p.isBlank());
    }

    @Override
    public Token fetch() throws IOException {
        AccessToken token = credentials.refreshAccessToken();
        Instant expires = token.getExpirationTime() == null ? Instant.now().plus(UNKNOWN_LIFETIME) : token.getExpirationTime().toInstant();
        return new Token(token.getTokenValue(), expires);
    }
}
