package dev.arena.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetArchive;
import dev.arena.run.ValidationService;
import dev.arena.store.GcsStore;
import dev.arena.testing.FakeGcsServer;
import dev.arena.testing.FakeGcsServer.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetUploaderTest {
    private static final String BUCKET = "arena-test";

    @TempDir
    Path tmp;

    private FakeGcsServer server;
    private DatasetCatalog catalog;
    private DatasetUploader uploader;

    @BeforeEach
    void setUp() {
        server = FakeGcsServer.start();
        catalog = new DatasetCatalog(new GcsStore(server.storage(), BUCKET, "datasets/"));
        uploader = new DatasetUploader(catalog, ValidationService::validate, TransferListener.NONE);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** A copy of the bundled datasets that a test may change; file times and modes kept. */
    private Path copyOfExamples() throws IOException {
        Path source = Path.of("examples/datasets");
        Path target = tmp.resolve("datasets");
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }

    private static List<Dataset> datasetsIn(Path dir) {
        return ValidationService.datasetsIn(List.of(dir));
    }

    /** Names of the archives inserted, by whichever upload path the store chose. */
    private List<String> archivesWritten() {
        return server.requests().stream()
                .filter(r -> r.kind() == Kind.INSERT || r.kind() == Kind.RESUMABLE_START)
                .map(FakeGcsServer.Request::object)
                .filter(name -> name.endsWith(".tar.gz"))
                .sorted()
                .toList();
    }

    @Test
    void theBundledDatasetsAreUploadedWithAManifest() throws Exception {
        DatasetUploader.Outcome outcome = uploader.upload(datasetsIn(Path.of("examples/datasets")));

        assertEquals(List.of("js-inventory", "py-textkit"), outcome.uploaded());
        assertEquals(List.of(), outcome.unchanged());
        assertEquals("gs://" + BUCKET + "/datasets/", outcome.location());
        assertEquals(List.of("datasets/js-inventory.tar.gz", "datasets/manifest.json", "datasets/py-textkit.tar.gz"),
                server.names(BUCKET));

        JsonNode manifest = Json.mapper().readTree(server.content(BUCKET, "datasets/manifest.json").orElseThrow());
        assertEquals(2, manifest.size());
        JsonNode py = manifest.get(1);
        assertEquals("py-textkit", py.get("name").asText());
        assertEquals(datasetsIn(Path.of("examples/datasets/py-textkit")).get(0).tasks().size(), py.get("tasks").asInt());
        byte[] archive = server.content(BUCKET, "datasets/py-textkit.tar.gz").orElseThrow();
        assertEquals(archive.length, py.get("size").asLong());
        DatasetArchive.Packed local = DatasetArchive.pack(Path.of("examples/datasets/py-textkit"), tmp.resolve("py.tar.gz"));
        assertEquals(local.contentHash(), py.get("content_hash").asText());
        assertEquals(64, local.contentHash().length());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("py.tar.gz")), archive);
        assertTrue(py.hasNonNull("uploaded_at"), manifest.toString());
    }

    @Test
    void unchangedDatasetsAreNotUploadedAgain() {
        uploader.upload(datasetsIn(Path.of("examples/datasets")));
        byte[] manifest = server.content(BUCKET, "datasets/manifest.json").orElseThrow();
        server.clearRequests();

        DatasetUploader.Outcome again = uploader.upload(datasetsIn(Path.of("examples/datasets")));

        assertEquals(List.of(), again.uploaded());
        assertEquals(List.of("js-inventory", "py-textkit"), again.unchanged());
        assertEquals(0, server.count(Kind.INSERT) + server.count(Kind.RESUMABLE_START), server.requests().toString());
        assertArrayEquals(manifest, server.content(BUCKET, "datasets/manifest.json").orElseThrow());
    }

    @Test
    void changingOneFileUploadsOnlyThatDataset() throws Exception {
        Path datasets = copyOfExamples();
        uploader.upload(datasetsIn(datasets));
        JsonNode before = Json.mapper().readTree(server.content(BUCKET, "datasets/manifest.json").orElseThrow());
        server.clearRequests();

        Files.writeString(datasets.resolve("js-inventory/README.md"), "\nOne more line.\n", java.nio.file.StandardOpenOption.APPEND);
        DatasetUploader.Outcome outcome = uploader.upload(datasetsIn(datasets));

        assertEquals(List.of("js-inventory"), outcome.uploaded());
        assertEquals(List.of("py-textkit"), outcome.unchanged());
        assertEquals(List.of("datasets/js-inventory.tar.gz"), archivesWritten());
        JsonNode after = Json.mapper().readTree(server.content(BUCKET, "datasets/manifest.json").orElseThrow());
        assertTrue(!before.get(0).get("content_hash").equals(after.get(0).get("content_hash")), "js-inventory's hash changes");
        assertEquals(before.get(1), after.get(1), "py-textkit's entry stays as it was");
    }

    @Test
    void aRecordedImageStaysWithUnchangedContentAndGoesWhenTheDatasetChanges() throws Exception {
        Path datasets = copyOfExamples();
        uploader.upload(datasetsIn(datasets));
        String digest = "sha256:" + "c".repeat(64);
        catalog.recordImages(java.util.Map.of(
                "js-inventory", new DatasetCatalog.Image("reg.example/p/r/arena-task/js-inventory:aaa", digest),
                "py-textkit", new DatasetCatalog.Image("reg.example/p/r/arena-task/py-textkit:bbb", digest)));
        assertEquals("reg.example/p/r/arena-task/js-inventory@" + digest, catalog.readManifest().get("js-inventory").imageDigestReference());
        JsonNode stored = Json.mapper().readTree(server.content(BUCKET, "datasets/manifest.json").orElseThrow());
        assertEquals("reg.example/p/r/arena-task/js-inventory:aaa", stored.get(0).get("image").asText());
        assertEquals(digest, stored.get(0).get("image_digest").asText());

        uploader.upload(datasetsIn(datasets));
        assertEquals(digest, catalog.readManifest().get("py-textkit").imageDigest(), "unchanged: the image still fits");

        Files.writeString(datasets.resolve("js-inventory/README.md"), "\nOne more line.\n", java.nio.file.StandardOpenOption.APPEND);
        uploader.upload(datasetsIn(datasets));
        DatasetCatalog.Entry changed = catalog.readManifest().get("js-inventory");
        assertEquals(null, changed.image(), "an image of the old content must not be pulled for the new one");
        assertEquals(null, changed.imageDigestReference());
        assertEquals(digest, catalog.readManifest().get("py-textkit").imageDigest());
    }

    @Test
    void anImageOfADatasetThatWasNeverUploadedIsRefused() {
        ArenaException e = assertThrows(ArenaException.class, () -> catalog.recordImages(java.util.Map.of(
                "ghost", new DatasetCatalog.Image("reg.example/x:y", "sha256:" + "d".repeat(64)))));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("dataset ghost is not in "), e.getMessage());
    }

    @Test
    void aBrokenDatasetIsRefusedAndNothingIsUploaded() throws IOException {
        Path datasets = copyOfExamples();
        Files.delete(datasets.resolve("py-textkit/run_tests.sh"));

        ArenaException e = assertThrows(ArenaException.class, () -> uploader.upload(datasetsIn(datasets)));

        assertEquals(ExitCode.PROBLEMS, e.exitCode());
        assertEquals("refusing to upload datasets with problems: py-textkit: no run_tests.sh (see `arena validate`)", e.getMessage());
        assertEquals(List.of(), server.names(BUCKET));
        assertEquals(0, server.count(Kind.INSERT) + server.count(Kind.RESUMABLE_START));
    }

    @Test
    void packingIsDeterministicWhateverTheFileTimes() throws Exception {
        Path original = Path.of("examples/datasets/js-inventory");
        DatasetArchive.Packed first = DatasetArchive.pack(original, tmp.resolve("1.tar.gz"));
        DatasetArchive.Packed second = DatasetArchive.pack(original, tmp.resolve("2.tar.gz"));
        assertEquals(first, second);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("1.tar.gz")), Files.readAllBytes(tmp.resolve("2.tar.gz")));

        Path copy = copyOfExamples().resolve("js-inventory");
        try (Stream<Path> walk = Files.walk(copy)) {
            for (Path p : walk.toList()) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(1_000_000_000_000L));
            }
        }
        DatasetArchive.Packed moved = DatasetArchive.pack(copy, tmp.resolve("3.tar.gz"));
        assertEquals(first, moved);
        assertEquals(sha256(tmp.resolve("1.tar.gz")), sha256(tmp.resolve("3.tar.gz")));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
