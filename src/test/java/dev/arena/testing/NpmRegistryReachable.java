package dev.arena.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Whether the npm registry answers, for {@link Requirement#check} in tests that fetch the real CLIs. */
public final class NpmRegistryReachable {
    private NpmRegistryReachable() {
    }

    /** Null when {@code registry} answers its ping, else what is wrong, in one line. */
    public static String problem(URI registry) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(registry.resolve("-/ping"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() < 500 ? null : "the npm registry " + registry + " answers HTTP " + response.statusCode();
        } catch (Exception e) {
            return "the npm registry " + registry + " is not reachable (" + e + ")";
        }
    }
}
