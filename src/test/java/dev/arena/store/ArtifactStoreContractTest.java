package dev.arena.store;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.arena.testing.FakeGcsServer;
import dev.arena.testing.FakeGcsServer.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link ArtifactStore} must do, checked against each implementation: a local folder,
 * GcsStore over google-cloud-nio's in-memory Storage, and GcsStore over the real HTTP client
 * talking to {@link FakeGcsServer}. A case the in-memory double cannot serve is skipped with the reason.
 */
class ArtifactStoreContractTest {

    enum Backend { LOCAL, GCS_IN_MEMORY, GCS_HTTP }

    private static final String NO_PRECONDITIONS = "LocalStorageHelper's FakeStorageRpc.create throws"
            + " UnsupportedOperationException for the ifGenerationMatch precondition that putIfAbsent sends";

    private static FakeGcsServer server;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    Path tmp;

    private String bucket;
    private Storage memory;

    @BeforeAll
    static void startServer() {
        server = FakeGcsServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** A store rooted at {@code prefix}; every test gets a bucket of its own. */
    private ArtifactStore open(Backend backend, String prefix) {
        if (bucket == null) {
            bucket = "contract-" + BUCKETS.incrementAndGet();
            memory = LocalStorageHelper.getOptions().getService();
        }
        return switch (backend) {
            case LOCAL -> new LocalStore(tmp.resolve(prefix));
            case GCS_IN_MEMORY -> new GcsStore(memory, bucket, prefix);
            case GCS_HTTP -> new GcsStore(server.storage(), bucket, prefix);
        };
    }

    private ArtifactStore open(Backend backend) {
        return open(backend, "runs/");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String md5Hex(byte[] content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void putThenGetReturnsTheSameBytes(Backend backend) {
        ArtifactStore store = open(backend);
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        store.put("run-1/ds/task-1/patch.diff", every);
        store.put("run-1/ds/task 2+b/result.json", utf8("{\"verdict\":\"passed\"}"));

        assertArrayEquals(every, store.get("run-1/ds/task-1/patch.diff").orElseThrow());
        assertEquals("{\"verdict\":\"passed\"}",
                new String(store.get("run-1/ds/task 2+b/result.json").orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(store.get("run-1/ds/task-3/result.json").isEmpty());
        assertFalse(store.exists("run-1/ds/task-3/result.json"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void putOverwritesAndLeavesOneObject(Backend backend) {
        ArtifactStore store = open(backend);
        store.put("r/summary.json", utf8("first, the longer one"));
        store.put("r/summary.json", utf8("second"));

        assertEquals("second", new String(store.get("r/summary.json").orElseThrow(), StandardCharsets.UTF_8));
        List<StoredObject> listed = store.list("r/");
        assertEquals(List.of("r/summary.json"), listed.stream().map(StoredObject::key).toList());
        assertEquals(6, listed.get(0).size());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void metadataComesBackFromStatAndList(Backend backend) {
        ArtifactStore store = open(backend);
        Map<String, String> meta = Map.of("arena-verdict", "error", "arena-error-kind", "timeout", "arena-cost-usd", "0.25");
        store.put("r/ds/t/result.json", utf8("{}"), meta);

        assertEquals(meta, store.stat("r/ds/t/result.json").orElseThrow().metadata());
        assertEquals(meta, store.list("r/").get(0).metadata());

        store.put("r/ds/t/result.json", utf8("{ }"));
        assertEquals(Map.of(), store.stat("r/ds/t/result.json").orElseThrow().metadata(),
                "an overwrite without metadata leaves none behind");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void putIfAbsentWritesOnlyTheFirstTime(Backend backend) {
        assumeTrue(backend != Backend.GCS_IN_MEMORY, NO_PRECONDITIONS);
        ArtifactStore store = open(backend);
        assertTrue(store.putIfAbsent("r/ds/t/result.json", utf8("first"), Map.of("arena-verdict", "passed")));
        assertFalse(store.putIfAbsent("r/ds/t/result.json", utf8("second"), Map.of("arena-verdict", "failed")));

        assertEquals("first", new String(store.get("r/ds/t/result.json").orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(Map.of("arena-verdict", "passed"), store.stat("r/ds/t/result.json").orElseThrow().metadata());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void ofTwoRacingPutIfAbsentExactlyOneWins(Backend backend) throws Exception {
        assumeTrue(backend != Backend.GCS_IN_MEMORY, NO_PRECONDITIONS);
        ArtifactStore store = open(backend);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String key = "r/ds/t-" + round + "/result.json";
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> writers = new ArrayList<>();
                for (String who : List.of("A", "B")) {
                    Callable<Boolean> write = () -> {
                        go.await();
                        return store.putIfAbsent(key, utf8(who), Map.of("writer", who));
                    };
                    writers.add(pool.submit(write));
                }
                go.countDown();
                boolean a = writers.get(0).get();
                boolean b = writers.get(1).get();
                assertTrue(a ^ b, "round " + round + ": exactly one writer must win, got A=" + a + " B=" + b);
                String winner = a ? "A" : "B";
                assertEquals(winner, new String(store.get(key).orElseThrow(), StandardCharsets.UTF_8));
                assertEquals(Map.of("writer", winner), store.stat(key).orElseThrow().metadata());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void statGivesSizeMetadataAndTheMd5WhereKept(Backend backend) throws Exception {
        ArtifactStore store = open(backend);
        byte[] content = utf8("twelve bytes");
        store.put("r/a.txt", content, Map.of("k", "v"));

        StoredObject o = store.stat("r/a.txt").orElseThrow();
        assertEquals("r/a.txt", o.key());
        assertEquals(12, o.size());
        assertEquals(Map.of("k", "v"), o.metadata());
        if (backend == Backend.GCS_HTTP) {
            assertNotNull(o.md5Hex(), "GCS always reports an MD5");
        }
        if (o.md5Hex() != null) {
            assertEquals(md5Hex(content), o.md5Hex());
        }
        assertTrue(store.stat("r/b.txt").isEmpty());
        assertTrue(store.stat("r").isEmpty(), "a folder is not an object");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void listIsRecursiveSortedAndLimitedToThePrefix(Backend backend) {
        ArtifactStore store = open(backend);
        for (String key : List.of("r1/b/x.json", "r2/q.txt", "r1/a/deep/y.txt", "r1x/other.txt", "r1/a/z.txt", "r1/run.json")) {
            store.put(key, utf8(key));
        }
        assertEquals(List.of("r1/a/deep/y.txt", "r1/a/z.txt", "r1/b/x.json", "r1/run.json"), store.keys("r1/"));
        assertEquals(List.of("r1/a/deep/y.txt", "r1/a/z.txt", "r1/b/x.json", "r1/run.json", "r1x/other.txt"), store.keys("r1"));
        assertEquals(List.of("r1/a/deep/y.txt", "r1/a/z.txt"), store.keys("r1/a/"));
        assertEquals(6, store.keys("").size());
        assertEquals(List.of(), store.keys("nothing/"));
        assertEquals("r1/b/x.json".length(), store.list("r1/b/").get(0).size());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void foldersAreTheImmediateSubfolders(Backend backend) {
        ArtifactStore store = open(backend);
        for (String key : List.of("run-b/ds/t/result.json", "run-a/run.json", "run-a/ds1/t/result.json",
                "run-a/ds2/t/result.json", "run-c/x/y/z/deep.txt", "top.txt")) {
            store.put(key, utf8(key));
        }
        assertEquals(List.of("run-a", "run-b", "run-c"), store.folders(""));
        assertEquals(List.of("ds1", "ds2"), store.folders("run-a/"));
        assertEquals(List.of("y"), store.folders("run-c/x/"));
        assertEquals(List.of(), store.folders("run-c/x/y/z/"));
        assertEquals(List.of(), store.folders("missing/"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void storesUnderOtherPrefixesAreInvisible(Backend backend) {
        ArtifactStore runs = open(backend, "runs/");
        ArtifactStore datasets = open(backend, "datasets/");
        runs.put("r1/run.json", utf8("{}"));
        datasets.put("py.tar.gz", utf8("archive"));

        assertEquals(List.of("r1/run.json"), runs.keys(""));
        assertEquals(List.of("py.tar.gz"), datasets.keys(""));
        assertEquals(List.of("r1"), runs.folders(""));
        assertTrue(runs.get("py.tar.gz").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deleteRemovesTheObjectAndItsMetadata(Backend backend) {
        ArtifactStore store = open(backend);
        store.put("r/ds/t/result.json", utf8("{}"), Map.of("arena-verdict", "passed"));
        store.put("r/ds/t/patch.diff", utf8(""));
        store.delete("r/ds/t/result.json");

        assertTrue(store.get("r/ds/t/result.json").isEmpty());
        assertTrue(store.stat("r/ds/t/result.json").isEmpty());
        assertEquals(List.of("r/ds/t/patch.diff"), store.keys("r/"));
        store.delete("r/ds/t/result.json"); // deleting what is gone is not an error

        store.put("r/ds/t/result.json", utf8("again"));
        assertEquals(Map.of(), store.stat("r/ds/t/result.json").orElseThrow().metadata(), "no stale metadata comes back");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void uploadOfASmallFileStoresItWithMetadata(Backend backend) throws IOException {
        ArtifactStore store = open(backend, "datasets/");
        Path file = Files.write(tmp.resolve("small.tar.gz"), utf8("not really gzip"));
        List<Long> progress = new ArrayList<>();
        store.upload("py.tar.gz", file, Map.of("arena-content-hash", "abc"), progress::add);

        assertArrayEquals(Files.readAllBytes(file), store.get("py.tar.gz").orElseThrow());
        assertEquals(Map.of("arena-content-hash", "abc"), store.stat("py.tar.gz").orElseThrow().metadata());
        assertEquals(Files.size(file), progress.get(progress.size() - 1));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void uploadOfAFileLargerThanAChunkArrivesWhole(Backend backend) throws Exception {
        ArtifactStore store = open(backend, "datasets/");
        byte[] content = new byte[20 << 20]; // 2.5 chunks
        new Random(42).nextBytes(content);
        Path file = Files.write(tmp.resolve("big.tar.gz"), content);
        List<Long> progress = new ArrayList<>();
        server.clearRequests();

        store.upload("big.tar.gz", file, Map.of("arena-content-hash", "big"), progress::add);

        StoredObject o = store.stat("big.tar.gz").orElseThrow();
        assertEquals(content.length, o.size());
        assertEquals(Map.of("arena-content-hash", "big"), o.metadata());
        assertArrayEquals(content, store.get("big.tar.gz").orElseThrow());
        assertEquals(content.length, progress.get(progress.size() - 1));
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress never goes back");
        }
        if (backend == Backend.GCS_HTTP) {
            assertEquals(md5Hex(content), o.md5Hex());
            assertEquals(1, server.count(Kind.RESUMABLE_START));
            assertTrue(server.count(Kind.RESUMABLE_CHUNK) >= 3,
                    "20 MiB in 8 MiB chunks takes at least three PUTs: " + server.requests());
            assertEquals(0, server.count(Kind.INSERT), "a large file must not go in one request");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void downloadCopiesAnObjectLargerThanOneReadIntoAFile(Backend backend) throws Exception {
        ArtifactStore store = open(backend, "datasets/");
        byte[] content = new byte[5 * 1024 * 1024 + 17]; // more than the client's 2 MiB read chunks
        new java.util.Random(7).nextBytes(content);
        store.put("big.tar.gz", content);

        Path target = tmp.resolve("downloaded-" + backend + ".tar.gz");
        assertTrue(store.download("big.tar.gz", target));
        assertArrayEquals(content, java.nio.file.Files.readAllBytes(target));

        Path absent = tmp.resolve("absent-" + backend);
        assertFalse(store.download("no-such.tar.gz", absent));
        assertFalse(java.nio.file.Files.exists(absent), "nothing is created for a missing object");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void locateSaysWhereAKeyLives(Backend backend) {
        ArtifactStore store = open(backend, "runs/");
        String where = store.locate("r1/ds/t/result.json");
        if (backend == Backend.LOCAL) {
            assertEquals(tmp.resolve("runs/r1/ds/t/result.json").toAbsolutePath().normalize().toString(), where);
        } else {
            assertEquals("gs://" + bucket + "/runs/r1/ds/t/result.json", where);
        }
        assertNull(store.stat("r1/ds/t/result.json").orElse(null), "locating writes nothing");
    }
}
