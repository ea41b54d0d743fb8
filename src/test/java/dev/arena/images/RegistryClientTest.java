package dev.arena.images;

import dev.arena.sandbox.ImageRef;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.arena.ArenaException;
import dev.arena.sandbox.RegistryLogin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry API as Artifact Registry serves it: every call first gets 401 with a Bearer
 * challenge, the token service wants the login as Basic credentials, then the call with the token works.
 */
class RegistryClientTest {
    private static final String TOKEN = "t0ken";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private HttpServer server;
    private String host;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String expectedBasic;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        host = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/token", this::token);
        server.createContext("/v2/", this::api);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void token(HttpExchange x) throws IOException {
        requests.add("token " + x.getRequestURI().getRawQuery());
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (expectedBasic == null || !expectedBasic.equals(auth)) {
            respond(x, 401, "{}");
            return;
        }
        respond(x, 200, "{\"token\":\"" + TOKEN + "\"}");
    }

    private void api(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        requests.add(x.getRequestMethod() + " " + path);
        if (!("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
            String scope = path.contains("/manifests/") || path.contains("/tags/")
                    ? "repository:" + path.substring(4, path.indexOf('/', path.indexOf("/arena-task/") + 12)) + ":pull" : "";
            x.getResponseHeaders().add("WWW-Authenticate",
                    "Bearer realm=\"http://" + host + "/token\",service=\"test-registry\",scope=\"" + scope + "\"");
            respond(x, 401, "{\"errors\":[]}");
            return;
        }
        if (path.equals("/v2/p/r/arena-task/calc/manifests/abc")) {
            x.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
            respond(x, 200, "");
        } else if (path.equals("/v2/p/r/arena-task/calc/tags/list")) {
            respond(x, 200, "{\"name\":\"p/r/arena-task/calc\",\"tags\":[\"abc\",\"def\"]}");
        } else {
            respond(x, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}");
        }
    }

    private static void respond(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if ("HEAD".equals(x.getRequestMethod()) || bytes.length == 0) {
            x.sendResponseHeaders(status, -1);
        } else {
            x.sendResponseHeaders(status, bytes.length);
            x.getResponseBody().write(bytes);
        }
        x.close();
    }

    private RegistryClient withLogin() {
        RegistryLogin login = new RegistryLogin(host, "oauth2accesstoken", "secret");
        expectedBasic = "Basic " + Base64.getEncoder().encodeToString("oauth2accesstoken:secret".getBytes(StandardCharsets.UTF_8));
        return new RegistryClient(h -> h.equals(host) ? login : null);
    }

    @Test
    void answersTheBearerChallengeWithTheLoginAndReadsTheDigest() {
        Optional<String> digest = withLogin().digest(ImageRef.parse(host + "/p/r/arena-task/calc:abc"));

        assertEquals(Optional.of(DIGEST), digest);
        assertEquals(List.of("HEAD /v2/p/r/arena-task/calc/manifests/abc",
                "token service=test-registry&scope=repository%3Ap%2Fr%2Farena-task%2Fcalc%3Apull",
                "HEAD /v2/p/r/arena-task/calc/manifests/abc"), requests);
    }

    @Test
    void anUnknownTagIsEmptyAndTagsAreListed() {
        RegistryClient client = withLogin();
        assertEquals(Optional.empty(), client.digest(ImageRef.parse(host + "/p/r/arena-task/calc:nope")));
        assertEquals(List.of("abc", "def"), client.tags(host, "p/r/arena-task/calc"));
    }

    @Test
    void aRefusedLoginSaysWhichRoleIsNeeded() {
        RegistryLogin wrong = new RegistryLogin(host, "oauth2accesstoken", "expired");
        expectedBasic = "Basic something-else";
        RegistryClient client = new RegistryClient(h -> wrong);

        ArenaException e = assertThrows(ArenaException.class, () -> client.digest(ImageRef.parse(host + "/p/r/arena-task/calc:abc")));
        assertTrue(e.getMessage().startsWith("cannot get a token from http://" + host + "/token: HTTP 401"), e.getMessage());
    }

    @Test
    void anUnreachableRegistryIsOneLineNamingHostAndPort() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ArenaException e = assertThrows(ArenaException.class,
                () -> new RegistryClient(h -> null).digest(ImageRef.parse("127.0.0.1:" + port + "/x/calc:abc")));
        assertEquals("cannot reach registry 127.0.0.1:" + port + ": ConnectException", e.getMessage());
    }

    @Test
    void referencesSplitIntoHostPathTagAndDigest() {
        ImageRef tagged = ImageRef.parse("us-central1-docker.pkg.dev/p/r/arena-task/calc:abc");
        assertEquals(new ImageRef("us-central1-docker.pkg.dev", "p/r/arena-task/calc", "abc", null), tagged);
        ImageRef pinned = ImageRef.parse("127.0.0.1:5000/arena-task/calc@" + DIGEST);
        assertEquals(new ImageRef("127.0.0.1:5000", "arena-task/calc", null, DIGEST), pinned);
        assertEquals("127.0.0.1:5000/arena-task/calc@" + DIGEST, pinned.toString());
        assertEquals(DIGEST, pinned.version());
        assertEquals("127.0.0.1:5000/arena-task/calc", pinned.repository());
        assertThrows(ArenaException.class, () -> ImageRef.parse("calc:abc"), "no registry host");
        assertThrows(ArenaException.class, () -> ImageRef.parse("host/calc"), "neither tag nor digest");
    }
}
