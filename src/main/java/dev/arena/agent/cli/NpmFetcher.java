package dev.arena.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches an agent CLI's native executable from an npm registry without npm or Node.js: the
 * package's metadata ({@code GET {registry}/{package}}) gives the version's tarball URL and
 * integrity hash; the tarball is downloaded into a {@link TarballCache} (checked against the hash,
 * and checked again on every later use) and the one executable is extracted from it.
 */
public final class NpmFetcher implements TarballSource {
    public static final String DEFAULT_REGISTRY = "https://registry.npmjs.org";
    /** Names a mirror (Verdaccio, Artifactory, a company proxy) instead of the public registry. */
    public static final String REGISTRY_ENV = "ARENA_NPM_REGISTRY";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    /** The abbreviated metadata (versions with their dist, dist-tags) is enough and far smaller; plain JSON as a fallback. */
    private static final String METADATA_ACCEPT = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8";
    /** Versions already found in a registry by this process (an agent is made once per attempt). */
    private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

    private final URI registry;
    private final TarballCache cache;
    private final HttpClient http;

    public NpmFetcher(URI registry, Path cacheDir) {
        String base = registry.toString();
        this.registry = URI.create(base.endsWith("/") ? base : base + "/");
        this.cache = new TarballCache(cacheDir);
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The registry of {@value #REGISTRY_ENV}, else the public one, with the default cache folder of {@code env}. */
    public static NpmFetcher fromEnvironment(Map<String, String> env) {
        return new NpmFetcher(registry(null, env), defaultCacheDir(env));
    }

    /** A flag's registry, else {@value #REGISTRY_ENV}, else the public registry. */
    public static URI registry(String flag, Map<String, String> env) {
        String chosen = flag != null && !flag.isBlank() ? flag : env.get(REGISTRY_ENV);
        String value = chosen == null || chosen.isBlank() ? DEFAULT_REGISTRY : chosen.trim();
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (Exception e) {
            throw ArenaException.usage("npm registry '" + value + "' is not an http(s) URL (from "
                    + (flag != null && !flag.isBlank() ? "--npm-registry" : REGISTRY_ENV) + ")");
        }
    }

    /**
     * {@code $XDG_CACHE_HOME/arena/agents}, else {@code ~/.cache/arena/agents} (as the settings folder
     * follows {@code XDG_CONFIG_HOME}): tarballs are large and pinned, so they outlive any one run.
     */
    public static Path defaultCacheDir(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("arena").resolve("agents");
    }

    public URI registry() {
        return registry;
    }

    public Path cacheDir() {
        return cache.root();
    }

    /**
     * The executable of {@code agent} at {@code version} (null: its pinned default) for a task image
     * with {@code libc}, written to {@code destinationDir} under its own file name.
     */
    public Path fetch(AgentPackage agent, String version, Libc libc, Path destinationDir) {
        NpmCoordinates coordinates = agent.coordinates(version, libc);
        return TarballExtractor.executable(tarball(coordinates), coordinates, destinationDir);
    }

    @Override
    public Path tarball(NpmCoordinates coordinates) {
        return tarball(resolve(coordinates));
    }

    /**
     * Asks the registry once per process and registry whether it has {@code coordinates}, and
     * fetches its tarball into the cache, so that a mirror serving other bytes fails the run before
     * it starts, in one line, instead of failing every attempt.
     */
    @Override
    public void check(NpmCoordinates coordinates) {
        String key = registry + " " + coordinates;
        if (!CHECKED.contains(key)) {
            tarball(resolve(coordinates));
            CHECKED.add(key);
        }
    }

    /** The registry's record of one version: its tarball URL and hash. */
    public ResolvedPackage resolve(NpmCoordinates coordinates) {
        URI uri = registry.resolve(encodedName(coordinates.packageName()));
        HttpResponse<InputStream> response = get(uri, METADATA_ACCEPT);
        JsonNode metadata;
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                throw new ArenaException(ExitCode.ENVIRONMENT, "the npm registry " + registry + " has no package "
                        + coordinates.packageName() + " (the platform build of this agent CLI); check the name or the mirror");
            }
            requireOk(response, uri);
            metadata = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw unreachable(uri, e);
        }
        JsonNode versions = metadata.path("versions");
        JsonNode version = versions.path(coordinates.npmVersion());
        if (version.isMissingNode()) {
            throw missingVersion(coordinates, metadata);
        }
        JsonNode dist = version.path("dist");
        Integrity integrity = Integrity.of(dist.path("integrity").asText(null), dist.path("shasum").asText(null));
        String tarball = dist.path("tarball").asText("");
        if (integrity == null || tarball.isEmpty()) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "the npm registry " + registry + " lists " + coordinates
                    + " without a tarball or a hash to check it against; refusing it");
        }
        return new ResolvedPackage(coordinates, registry.resolve(tarball), integrity);
    }

    /** The package's tarball in the cache, downloaded first unless a cached copy still has the right hash. */
    public Path tarball(ResolvedPackage resolved) {
        Optional<Path> cached = cache.verified(resolved);
        if (cached.isPresent()) {
            return cached.get();
        }
        HttpResponse<InputStream> response = get(resolved.tarball(), "application/octet-stream");
        try (InputStream body = response.body()) {
            requireOk(response, resolved.tarball());
            return cache.store(resolved, body);
        } catch (IOException e) {
            throw unreachable(resolved.tarball(), e);
        }
    }

    /** A scoped name's slash is encoded ({@code @scope%2fname}), as the registry's API expects. */
    static String encodedName(String packageName) {
        boolean scoped = packageName.startsWith("@");
        String encoded = URLEncoder.encode(scoped ? packageName.substring(1) : packageName, StandardCharsets.UTF_8);
        return (scoped ? "@" : "") + encoded.replace("%2F", "%2f");
    }

    private ArenaException missingVersion(NpmCoordinates coordinates, JsonNode metadata) {
        String latest = metadata.path("dist-tags").path("latest").asText("");
        String where = coordinates.packageName() + " at " + registry;
        String hint = latest.isEmpty() ? "" : "; the latest is " + latest;
        if (!coordinates.versionSuffix().isEmpty() && metadata.path("versions").has(coordinates.version())) {
            return ArenaException.usage(coordinates.packageName() + " " + coordinates.version() + " has no "
                    + coordinates.versionSuffix().substring(1) + " build at " + registry + hint);
        }
        return ArenaException.usage("unknown version " + coordinates.version() + " of " + where + hint);
    }

    private HttpResponse<InputStream> get(URI uri, String accept) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).header("Accept", accept).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArenaException(ExitCode.INTERRUPTED, "interrupted while fetching " + uri);
        }
    }

    private void requireOk(HttpResponse<?> response, URI uri) {
        if (response.statusCode() != 200) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "the npm registry answered HTTP " + response.statusCode()
                    + " for " + uri + "; try again later or set " + REGISTRY_ENV + " to a mirror");
        }
    }

    private ArenaException unreachable(URI uri, IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new ArenaException(ExitCode.ENVIRONMENT, "cannot fetch " + uri + " (" + why.replace('\n', ' ')
                + "); check the network, or set " + REGISTRY_ENV + " to a reachable mirror", e);
    }
}
