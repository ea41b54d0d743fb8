package dev.arena.transfer;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.store.LocalStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetCatalogTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @TempDir
    Path dir;
    private LocalStore store;
    private DatasetCatalog catalog;

    @BeforeEach
    void setUp() {
        store = new LocalStore(dir);
        catalog = new DatasetCatalog(store);
    }

    @Test
    void aDatasetsArchiveIsNameDotTarGzAtTheTopOfTheFolder() throws Exception {
        assertEquals("calc.tar.gz", DatasetCatalog.key("calc"));
        assertEquals(dir.resolve("calc.tar.gz").toAbsolutePath().toString(), catalog.locate("calc"));
        assertEquals(dir.resolve("manifest.json").toAbsolutePath().toString(), catalog.manifestLocation());
        assertFalse(catalog.has("calc"));
        assertEquals(Optional.empty(), catalog.storedHash("calc"));

        Path archive = Files.writeString(dir.resolve("packed.bin"), "archive bytes");
        catalog.putArchive("calc", archive, "h1", sent -> { });

        assertTrue(catalog.has("calc"));
        assertEquals(Optional.of("h1"), catalog.storedHash("calc"));
        assertEquals(Map.of(DatasetCatalog.HASH_METADATA, "h1"), store.stat("calc.tar.gz").orElseThrow().metadata());
        Path back = dir.resolve("back.bin");
        assertTrue(catalog.downloadArchive("calc", back));
        assertEquals("archive bytes", Files.readString(back));
        assertFalse(catalog.downloadArchive("other", dir.resolve("none.bin")));
    }

    @Test
    void theManifestRoundTripsInTheFormatUploadWrites() throws Exception {
        Map<String, DatasetCatalog.Entry> manifest = new TreeMap<>();
        manifest.put("b", new DatasetCatalog.Entry("b", 2, "hb", 20, Instant.parse("2025-01-02T03:04:05Z"), null, null));
        manifest.put("a", new DatasetCatalog.Entry("a", 1, "ha", 10, Instant.parse("2025-01-02T03:04:05Z"), "reg.example/p/a:t", DIGEST));

        catalog.writeManifest(manifest);

        assertEquals(manifest, catalog.readManifest());
        // the format upload has always written: one JSON array of the entries in name order, snake_case fields
        byte[] stored = store.get(DatasetCatalog.MANIFEST).orElseThrow();
        assertEquals(Json.mapper().readTree("[{\"name\":\"a\",\"tasks\":1,\"content_hash\":\"ha\",\"size\":10,\"uploaded_at\":\"2025-01-02T03:04:05Z\","
                        + "\"image\":\"reg.example/p/a:t\",\"image_digest\":\"" + DIGEST + "\"},"
                        + "{\"name\":\"b\",\"tasks\":2,\"content_hash\":\"hb\",\"size\":20,\"uploaded_at\":\"2025-01-02T03:04:05Z\","
                        + "\"image\":null,\"image_digest\":null}]"),
                Json.mapper().readTree(stored));
        assertArrayEquals(Json.mapper().writeValueAsBytes(List.of(manifest.get("a"), manifest.get("b"))), stored);
        assertEquals(Map.of("a", "reg.example/p/a@" + DIGEST), catalog.recordedImages());
    }

    @Test
    void recordingAnImageRewritesOnlyWhatChangedAndRefusesUnknownDatasets() {
        catalog.writeManifest(Map.of("a", new DatasetCatalog.Entry("a", 1, "ha", 10, Instant.parse("2025-01-02T03:04:05Z"), null, null)));

        catalog.recordImages(Map.of("a", new DatasetCatalog.Image("reg.example/p/a:t", DIGEST)));
        byte[] written = store.get(DatasetCatalog.MANIFEST).orElseThrow();
        catalog.recordImages(Map.of("a", new DatasetCatalog.Image("reg.example/p/a:t", DIGEST)));

        assertArrayEquals(written, store.get(DatasetCatalog.MANIFEST).orElseThrow());
        assertEquals("reg.example/p/a@" + DIGEST, catalog.readManifest().get("a").imageDigestReference());
        ArenaException e = assertThrows(ArenaException.class,
                () -> catalog.recordImages(Map.of("ghost", new DatasetCatalog.Image("reg.example/x:y", DIGEST))));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("dataset ghost is not in " + catalog.manifestLocation() + "; upload it first", e.getMessage());
    }

    @Test
    void noManifestIsAnEmptyOneAndAnUnreadableOneIsAnEnvironmentError() {
        assertEquals(Optional.empty(), catalog.manifest());
        assertEquals(Map.of(), catalog.readManifest());
        assertEquals(Map.of(), catalog.recordedImages());

        store.put(DatasetCatalog.MANIFEST, "not json".getBytes(StandardCharsets.UTF_8), Map.of());

        ArenaException e = assertThrows(DatasetCatalog.UnreadableManifest.class, catalog::readManifest);
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot read " + catalog.manifestLocation() + ": "), e.getMessage());
    }
}
