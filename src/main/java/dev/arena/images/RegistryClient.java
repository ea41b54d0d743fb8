package dev.arena.images;

import dev.arena.sandbox.ImageRef;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.sandbox.RegistryLogin;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry's own HTTP API (Docker Registry v2 / OCI distribution), for what the engine API
 * cannot tell: whether a tag or digest exists in the registry, its tags, when an image was
 * built, and deleting one. Answers the token challenge of Artifact Registry and Docker Hub style
 * registries with the given login; talks plain HTTP to registries on localhost as Docker does.
 */
public final class RegistryClient {
    private static final String MANIFEST_TYPES = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Function<String, RegistryLogin> logins;

    /** @param logins the login for a registry host, or null for anonymous access */
    public RegistryClient(Function<String, RegistryLogin> logins) {
        this.logins = logins;
    }

    /** The login for {@code host}, or null for anonymous access: also what a push to it uses. */
    public RegistryLogin login(String host) {
        return logins.apply(host);
    }

    /** The digest {@code ref} points at in the registry, or empty when the registry does not have it. */
    public Optional<String> digest(ImageRef ref) {
        HttpResponse<byte[]> r = send(ref.host(), "HEAD", "/v2/" + ref.path() + "/manifests/" + ref.version(), MANIFEST_TYPES);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(r, "look up " + ref);
        return Optional.of(r.headers().firstValue("Docker-Content-Digest")
                .orElse(ref.digest() != null ? ref.digest() : "")).filter(d -> !d.isEmpty());
    }

    /** Of {@code images} (a name to its image reference), the ones the registry does not have, as "name (reference)". */
    public List<String> missing(Map<String, String> images) {
        List<String> missing = new ArrayList<>();
        images.forEach((name, reference) -> {
            if (digest(ImageRef.parse(reference)).isEmpty()) {
                missing.add(name + " (" + reference + ")");
            }
        });
        return missing;
    }

    /** The tags of a repository ({@code host/path}); empty when the repository does not exist. */
    public List<String> tags(String host, String path) {
        HttpResponse<byte[]> r = send(host, "GET", "/v2/" + path + "/tags/list", "application/json");
        if (r.statusCode() == 404) {
            return List.of();
        }
        expectOk(r, "list the tags of " + host + "/" + path);
        JsonNode tags = json(r).path("tags");
        List<String> out = new ArrayList<>();
        tags.forEach(t -> out.add(t.asText()));
        return out;
    }

    /** When the image was built (the {@code created} time of its configuration), or null when unknown. */
    public Instant created(ImageRef ref) {
        JsonNode manifest = manifest(ref.host(), ref.path(), ref.version());
        if (manifest.has("manifests")) { // an index: take the linux/amd64 entry
            String chosen = null;
            for (JsonNode m : manifest.path("manifests")) {
                if ("amd64".equals(m.path("platform").path("architecture").asText()) || chosen == null) {
                    chosen = m.path("digest").asText();
                }
            }
            if (chosen == null) {
                return null;
            }
            manifest = manifest(ref.host(), ref.path(), chosen);
        }
        String config = manifest.path("config").path("digest").asText(null);
        if (config == null) {
            return null;
        }
        HttpResponse<byte[]> r = send(ref.host(), "GET", "/v2/" + ref.path() + "/blobs/" + config, "*/*");
        expectOk(r, "read the configuration of " + ref);
        String created = json(r).path("created").asText(null);
        return created == null ? null : Instant.parse(created);
    }

    /** Deletes the manifest {@code digest} of {@code host/path} (all its tags go with it). */
    public void delete(String host, String path, String digest) {
        HttpResponse<byte[]> r = send(host, "DELETE", "/v2/" + path + "/manifests/" + digest, MANIFEST_TYPES);
        if (r.statusCode() == 405) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "registry " + host + " does not allow deleting images"
                    + " (a distribution registry needs storage.delete.enabled: true)");
        }
        if (r.statusCode() != 404) {
            expectOk(r, "delete " + host + "/" + path + "@" + digest);
        }
    }

    private JsonNode manifest(String host, String path, String version) {
        HttpResponse<byte[]> r = send(host, "GET", "/v2/" + path + "/manifests/" + version, MANIFEST_TYPES);
        expectOk(r, "read the manifest " + host + "/" + path + ":" + version);
        return json(r);
    }

    /** One request; on a 401 answers the challenge once (Bearer token or Basic) and tries again. */
    private HttpResponse<byte[]> send(String host, String method, String path, String accept) {
        URI uri = URI.create(scheme(host) + "://" + host + path);
        HttpResponse<byte[]> r = exchange(uri, method, accept, null);
        if (r.statusCode() != 401) {
            return r;
        }
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        RegistryLogin login = login(host);
        String authorization;
        if (challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            authorization = "Bearer " + token(challenge, login, host);
        } else if (login != null) {
            authorization = basic(login);
        } else {
            throw new ArenaException(ExitCode.ENVIRONMENT, "registry " + host + " wants credentials and none are configured");
        }
        r = exchange(uri, method, accept, authorization);
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "registry " + host + " refused " + method + " " + path + " (HTTP "
                    + r.statusCode() + "); does the account have roles/artifactregistry.reader (writer to push, repoAdmin to prune)?");
        }
        return r;
    }

    private String token(String challenge, RegistryLogin login, String host) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        String realm = params.remove("realm");
        if (realm == null) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "registry " + host + " sent a token challenge without a realm");
        }
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.length() == 0 ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpResponse<byte[]> r = exchange(URI.create(realm + query), "GET", "application/json", login == null ? null : basic(login));
        expectOk(r, "get a token from " + realm);
        JsonNode body = json(r);
        String token = body.path("token").asText(body.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "the token service of " + host + " returned no token");
        }
        return token;
    }

    private HttpResponse<byte[]> exchange(URI uri, String method, String accept, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Accept", accept)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // a refused connection has no message, only its type
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot reach registry " + uri.getAuthority() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArenaException(ExitCode.INTERRUPTED, "interrupted while talking to " + uri.getAuthority());
        }
    }

    private static String scheme(String host) {
        String name = host.replaceAll(":\\d+$", "");
        return name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]") ? "http" : "https";
    }

    private static String basic(RegistryLogin login) {
        return "Basic " + Base64.getEncoder().encodeToString((login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8));
    }

    private static void expectOk(HttpResponse<byte[]> r, String action) {
        if (r.statusCode() / 100 != 2) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot " + action + ": HTTP " + r.statusCode() + " from the registry");
        }
    }

    private static JsonNode json(HttpResponse<byte[]> r) {
        try {
            return Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "the registry answered with something that is not JSON: " + e.getMessage(), e);
        }
    }
}
