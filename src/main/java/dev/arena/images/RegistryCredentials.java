package dev.arena.images;

import com.google.auth.oauth2.GoogleCredentials;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.sandbox.RegistryLogin;

import java.io.IOException;
import java.util.List;

/**
 * Logs in to Google's registries (Artifact Registry, Container Registry) with an access token
 * from application default credentials: no key files, no `docker login`.
 */
public final class RegistryCredentials {
    private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    private RegistryCredentials() {
    }

    /** The host part of an image repository, e.g. {@code us-central1-docker.pkg.dev}. */
    public static String host(String repository) {
        int slash = repository.indexOf('/');
        return slash < 0 ? repository : repository.substring(0, slash);
    }

    public static boolean isGoogleRegistry(String host) {
        return host.endsWith("-docker.pkg.dev") || host.equals("gcr.io") || host.endsWith(".gcr.io");
    }

    /** A login for Google's registries; null for any other registry (pushed to without credentials). */
    public static RegistryLogin forRepository(String repository) {
        String host = host(repository);
        if (!isGoogleRegistry(host)) {
            return null;
        }
        try {
            GoogleCredentials credentials = GoogleCredentials.getApplicationDefault().createScoped(List.of(SCOPE));
            credentials.refreshIfExpired();
            return new RegistryLogin(host, "oauth2accesstoken", credentials.getAccessToken().getTokenValue());
        } catch (IOException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "no Google credentials to push to " + host
                    + ": run `gcloud auth application-default login` (" + e.getMessage() + ")", e);
        }
    }
}
