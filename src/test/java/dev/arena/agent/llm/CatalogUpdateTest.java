package dev.arena.agent.llm;

import com.sun.net.httpserver.HttpServer;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code arena models update} against a real HTTP server on the loopback, into a temp settings folder. */
class CatalogUpdateTest {
    @TempDir
    Path settings;

    private HttpServer server;
    private final AtomicReference<String> served = new AtomicReference<>();

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/prices.json", exchange -> {
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/prices.json";
    }

    private static String sample() throws Exception {
        try (InputStream in = CatalogUpdateTest.class.getResourceAsStream("litellm-sample.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void writesTheUsersCopyAndSaysWhatWasAddedRemovedAndRepriced() throws Exception {
        Map<String, String> env = Map.of("ARENA_SETTINGS", settings.resolve("settings.json").toString());
        Path target = ModelCatalog.userFile(env);
        served.set(sample());
        CatalogUpdate.run(url(), target, ModelCatalog.load(env));
        assertEquals(target.toString(), ModelCatalog.load(env).source(), "the user's copy is now the catalog in effect");

        // LiteLLM changes: gemini-2.5-pro's cache read price, grok-code gone, a new model
        served.set(sample().replace("\"cache_read_input_token_cost\": 1.25e-07", "\"cache_read_input_token_cost\": 1.5e-07")
                .replace("\"xai/grok-code\"", "\"xai/grok-code-2\""));
        CatalogUpdate.Summary summary = CatalogUpdate.run(url(), target, ModelCatalog.load(env));
        assertEquals(List.of(
                "wrote " + target + ": 4 models (1 added, 1 removed, 1 price changes)",
                "  + xai/grok-code-2",
                "  - xai/grok-code",
                "  ~ gemini-2.5-pro: in 1.25, out 10, cache 0.125/0 (above 200k: 2.5, 15, 0.25/0)"
                        + " -> in 1.25, out 10, cache 0.15/0 (above 200k: 2.5, 15, 0.25/0)"), summary.lines());
        assertEquals(0.15, ModelCatalog.load(env).prices(ModelRef.parse("gemini/gemini-2.5-pro")).orElseThrow().cacheRead());
    }

    @Test
    void anUnreachableUrlOrAnHttpErrorIsAnEnvironmentErrorAndLeavesTheCopyAlone() throws Exception {
        Path target = settings.resolve("model-catalog.json");
        Files.writeString(target, "{\"models\": {}}");
        ArenaException down = assertThrows(ArenaException.class,
                () -> CatalogUpdate.run("http://127.0.0.1:1/prices.json", target, ModelCatalog.bundled()));
        assertEquals(ExitCode.ENVIRONMENT, down.exitCode());
        assertTrue(down.getMessage().startsWith("cannot download http://127.0.0.1:1/prices.json"), down.getMessage());
        ArenaException missing = assertThrows(ArenaException.class,
                () -> CatalogUpdate.run(url().replace("prices.json", "nothing.json"), target, ModelCatalog.bundled()));
        assertEquals(ExitCode.ENVIRONMENT, missing.exitCode());
        assertTrue(missing.getMessage().endsWith("HTTP 404"), missing.getMessage());
        assertEquals("{\"models\": {}}", Files.readString(target));
    }

    @Test
    void aMalformedOrMissingFileIsAUsageError() throws Exception {
        Path target = settings.resolve("model-catalog.json");
        Path broken = Files.writeString(settings.resolve("broken.json"), "{\"gpt-5\": {");
        ArenaException e = assertThrows(ArenaException.class, () -> CatalogUpdate.run(broken.toString(), target, ModelCatalog.bundled()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith(broken + " is not JSON"), e.getMessage());
        Path other = Files.writeString(settings.resolve("other.json"), "{\"models\": [1]}");
        e = assertThrows(ArenaException.class, () -> CatalogUpdate.run(other.toString(), target, ModelCatalog.bundled()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("not LiteLLM's price file"), e.getMessage());
        e = assertThrows(ArenaException.class, () -> CatalogUpdate.run(settings.resolve("none.json").toString(), target, ModelCatalog.bundled()));
        assertEquals("no such file: " + settings.resolve("none.json"), e.getMessage());
        assertFalse(Files.exists(target));
    }
}
