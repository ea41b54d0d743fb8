package dev.arena.sandbox;

import dev.arena.dataset.BuildContext;
import dev.arena.testing.Fixtures;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link SandboxProvider} must do. One subclass per implementation supplies the
 * provider: {@link SandboxProviderContractTest} the in-memory fake (a unit test, in every
 * {@code mvn test}), {@link SandboxProviderContractIT} the Docker provider (needs the engine and
 * the local base image, so failsafe runs it). A subclass rather than a parameter, so each half
 * runs where the conventions put it: units in surefire, Docker in failsafe.
 * <p>
 * The cases use only commands the fake answers by default ({@code echo}, {@code exit N},
 * {@code sleep N}). Each class builds one image whose context holds a fresh nonce (so the
 * first build really builds), and labels its sandboxes with that nonce so {@code removeAll}
 * cleans up after it whatever fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SandboxProviderContract {
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** The provider under test; closed after the class. */
    protected abstract SandboxProvider open() throws Exception;

    /** A provider whose build of {@code source} fails (Docker: its Dockerfile fails; the fake is told to). */
    protected abstract SandboxProvider failingBuilds(SandboxProvider provider, ImageSource source);

    protected abstract String baseImage();

    @TempDir
    Path tmp;
    protected SandboxProvider provider;
    protected final String nonce = UUID.randomUUID().toString().substring(0, 12);
    private String image;

    @BeforeAll
    void openProvider() throws Exception {
        provider = open();
    }

    @AfterAll
    void closeProvider() {
        if (provider != null) {
            provider.removeAll(Map.of("arena-contract", nonce));
            provider.close();
        }
    }

    protected ImageSource source(String name, String dockerfileBody) {
        Path dir = tmp.resolve(name);
        Fixtures.write(dir.resolve("Dockerfile"), "FROM " + baseImage() + "\n" + dockerfileBody);
        Fixtures.write(dir.resolve("nonce.txt"), nonce + "\n");
        return new ImageSource(name, BuildContext.of(dir), dir.resolve("Dockerfile"), Map.of());
    }

    private ImageSource contractImage() {
        return source("arena-contract", "COPY nonce.txt /nonce.txt\n");
    }

    /** The contract image's tag, or null when no case built it. */
    protected synchronized String builtImage() {
        return image;
    }

    protected synchronized String image() throws InterruptedException {
        if (image == null) {
            image = provider.build(contractImage(), ImageBuilder.DEFAULT_TIMEOUT).tag();
        }
        return image;
    }

    private Sandbox start(String... labels) throws InterruptedException {
        Map<String, String> all = new HashMap<>(Map.of("arena-contract", nonce));
        for (int i = 0; i < labels.length; i += 2) {
            all.put(labels[i], labels[i + 1]);
        }
        return provider.start(new SandboxSpec(image(), "arena-contract-" + nonce + "-" + NAMES.incrementAndGet(),
                256L << 20, 0.5, "none", all));
    }

    @Test
    void buildReturnsATagAndASecondBuildOfTheSameContentIsReused() throws Exception {
        BuiltImage first = provider.build(contractImage(), ImageBuilder.DEFAULT_TIMEOUT);
        BuiltImage second = provider.build(contractImage(), ImageBuilder.DEFAULT_TIMEOUT); // a new ImageSource of the same files
        assertFalse(first.tag().isBlank());
        assertEquals(first.tag(), second.tag());
        assertTrue(second.reused(), "the second build of the same content must say reused: " + second);
        assertEquals("", second.log(), "a reused image has no build log of its own");
    }

    @Test
    void aBuildThatFailsThrowsImageBuildExceptionWithItsLog() {
        // a COPY of a missing file fails without an intermediate container (a failing RUN leaves one behind)
        ImageSource broken = source("arena-contract-broken", "COPY no-such-file.txt /nowhere\n");
        SandboxProvider failing = failingBuilds(provider, broken);
        ImageBuildException e = assertThrows(ImageBuildException.class, () -> failing.build(broken, ImageBuilder.DEFAULT_TIMEOUT));
        assertNotNull(e.getMessage());
        assertFalse(e.getMessage().isBlank());
        assertFalse(e.getMessage().contains("\n"), "the message is one line: " + e.getMessage());
        assertNotNull(e.buildLog());
        assertFalse(e.buildLog().isBlank(), "the build log is kept for the task's log");
    }

    @Test
    void startingFromAMissingImageThrowsSandboxException() {
        assertThrows(SandboxException.class, () -> provider.start(new SandboxSpec("arena-contract/missing:" + nonce,
                "arena-contract-" + nonce + "-missing", 256L << 20, 0.5, "none", Map.of("arena-contract", nonce))));
    }

    @Test
    void execRunsCommandsAndPassesExitCodesThrough() throws Exception {
        try (Sandbox sandbox = start()) {
            ExecResult hi = sandbox.exec("echo hi", Duration.ofSeconds(30));
            assertEquals(0, hi.exitCode());
            assertEquals("hi\n", hi.stdout());
            assertEquals("", hi.stderr());
            assertTrue(hi.ok());
            assertFalse(hi.timedOut());

            ExecResult three = sandbox.exec("exit 3", Duration.ofSeconds(30));
            assertEquals(3, three.exitCode());
            assertFalse(three.ok());
            assertFalse(three.timedOut());

            ExecResult killedEarly = sandbox.exec("exit 137", Duration.ofSeconds(30));
            assertEquals(137, killedEarly.exitCode());
            assertFalse(killedEarly.timedOut(), "exit 137 well before the limit is not a timeout");
        }
    }

    @Test
    void aCommandLongerThanItsTimeoutIsStoppedAndReportedTimedOut() throws Exception {
        try (Sandbox sandbox = start()) {
            long startNanos = System.nanoTime();
            ExecResult slow = sandbox.exec("sleep 60", Duration.ofSeconds(2));
            Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
            assertTrue(slow.timedOut(), "the grader reads timedOut: " + slow);
            assertFalse(slow.ok());
            assertEquals(137, slow.exitCode(), "killed with SIGKILL");
            assertTrue(wall.compareTo(Duration.ofSeconds(20)) < 0, "stopped near its limit, took " + wall);
            assertTrue(slow.elapsed().compareTo(Duration.ofMillis(1500)) >= 0, "ran until its limit: " + slow.elapsed());

            assertEquals("still here\n", sandbox.exec("echo still here", Duration.ofSeconds(30)).stdout(),
                    "the sandbox survives a timed-out command");
        }
    }

    /** The images derived by the cases, for the Docker half to remove. */
    protected final java.util.List<String> derivedImages = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A spec for {@link SandboxProvider#derive}'s container, labelled so a leftover would be found. */
    protected SandboxSpec deriveSpec(String image) {
        return new SandboxSpec(image, "arena-contract-" + nonce + "-derive-" + NAMES.incrementAndGet(), 256L << 20, 0.5, "none",
                Map.of("arena-contract", nonce, "arena-contract-derive", nonce));
    }

    @Test
    void deriveMakesOneImagePerImageAndCommandAndLeavesNoContainer() throws Exception {
        String first = provider.derive(deriveSpec(image()), "echo derived", Duration.ofSeconds(60));
        String again = provider.derive(deriveSpec(image()), "echo derived", Duration.ofSeconds(60));
        String other = provider.derive(deriveSpec(image()), "echo other", Duration.ofSeconds(60));
        derivedImages.add(first);
        derivedImages.add(other);
        assertEquals(first, again, "the same image and command give the same derived image");
        assertNotEquals(first, other, "another command, another image");
        assertNotEquals(image(), first);
        try (Sandbox sandbox = provider.start(new SandboxSpec(first, "arena-contract-" + nonce + "-" + NAMES.incrementAndGet(),
                256L << 20, 0.5, "none", Map.of("arena-contract", nonce)))) {
            assertEquals("hi\n", sandbox.exec("echo hi", Duration.ofSeconds(30)).stdout(), "a sandbox starts from the derived image");
        }
        SandboxException failed = assertThrows(SandboxException.class,
                () -> provider.derive(deriveSpec(image()), "exit 3", Duration.ofSeconds(60)));
        assertTrue(failed.getMessage().contains("exited 3"), failed.getMessage());
        assertEquals(0, provider.removeAll(Map.of("arena-contract-derive", nonce)), "every deriving container is removed");
    }

    @Test
    void writeFileThenReadFileRoundTripsAndCreatesParents() throws Exception {
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        try (Sandbox sandbox = start()) {
            sandbox.writeFile("/app/deep/new/dir/data.bin", every);
            assertArrayEquals(every, sandbox.readFile("/app/deep/new/dir/data.bin"));
            sandbox.writeFile("/app/deep/new/dir/data.bin", "replaced".getBytes(StandardCharsets.UTF_8));
            assertEquals("replaced", new String(sandbox.readFile("/app/deep/new/dir/data.bin"), StandardCharsets.UTF_8));
            assertThrows(SandboxException.class, () -> sandbox.readFile("/app/no-such-file.txt"));
        }
    }

    @Test
    void copyInCopiesAFolderRecursivelyAndASingleFile() throws Exception {
        Path folder = tmp.resolve("copy-" + NAMES.incrementAndGet());
        Fixtures.write(folder.resolve("a.txt"), "alpha\n");
        Fixtures.write(folder.resolve("nested/deeper/b.txt"), "beta\n");
        try (Sandbox sandbox = start()) {
            sandbox.copyIn(folder, "/app/tasks/t1");
            sandbox.copyIn(folder.resolve("a.txt"), "/app/single.txt");
            assertEquals("alpha\n", new String(sandbox.readFile("/app/tasks/t1/a.txt"), StandardCharsets.UTF_8));
            assertEquals("beta\n", new String(sandbox.readFile("/app/tasks/t1/nested/deeper/b.txt"), StandardCharsets.UTF_8));
            assertEquals("alpha\n", new String(sandbox.readFile("/app/single.txt"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void readArchiveGivesAFolderAsATarAndWriteArchiveUnpacksOneAtTheRoot() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xff};
        try (Sandbox sandbox = start()) {
            sandbox.writeFile("/app/tree/a.txt", "alpha\n".getBytes(StandardCharsets.UTF_8));
            sandbox.writeFile("/app/tree/sub/b.bin", binary);

            Map<String, byte[]> files = new TreeMap<>();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(sandbox.readArchive("/app/tree"))) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    if (e.isFile()) {
                        files.put(e.getName(), tar.readAllBytes());
                    }
                }
            }
            assertEquals(java.util.Set.of("tree/a.txt", "tree/sub/b.bin"), files.keySet(), "entries are named from the folder's name");
            assertEquals("alpha\n", new String(files.get("tree/a.txt"), StandardCharsets.UTF_8));
            assertArrayEquals(binary, files.get("tree/sub/b.bin"));

            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
                TarArchiveEntry e = new TarArchiveEntry("arena/copied/deep/c.bin");
                e.setSize(binary.length);
                tar.putArchiveEntry(e);
                tar.write(binary);
                tar.closeArchiveEntry();
            }
            sandbox.writeArchive(new java.io.ByteArrayInputStream(bytes.toByteArray()));
            assertArrayEquals(binary, sandbox.readFile("/arena/copied/deep/c.bin"), "parents are created");

            assertThrows(NoSuchPathException.class, () -> sandbox.readArchive("/app/no-such-folder").close(),
                    "a missing path in a live sandbox is the sandbox's content, not an infrastructure failure");
        }
    }

    @Test
    void aStagedSandboxUnpacksAndRunsItsFirstStageThenItsSecondAsItsMainProcess() throws Exception {
        byte[] binary = new byte[300_000]; // bigger than one pipe buffer: all of it must reach the unpacking
        new java.util.Random(7).nextBytes(binary);
        java.nio.file.Path tar = tmp.resolve("in.tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(java.nio.file.Files.newOutputStream(tar))) {
            for (String name : java.util.List.of("arena/unpacked/a.bin", "arena/unpacked/deep/b.bin")) {
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(binary.length);
                out.putArchiveEntry(e);
                out.write(binary);
                out.closeArchiveEntry();
            }
        }
        try (StagedSandbox sandbox = startStaged("echo prepared", "exit 3")) {
            ExecResult first = sandbox.prepare(tar, Duration.ofSeconds(60));
            assertEquals(0, first.exitCode(), first.stderr());
            assertEquals("prepared\n", first.stdout());
            assertArrayEquals(binary, sandbox.readFile("/arena/unpacked/a.bin"));
            assertArrayEquals(binary, sandbox.readFile("/arena/unpacked/deep/b.bin"), "parents are created");
            assertEquals("between\n", sandbox.exec("echo between", Duration.ofSeconds(30)).stdout(), "idle between the stages");

            ExecResult second = sandbox.run(Duration.ofSeconds(60));
            assertEquals(3, second.exitCode(), "the second stage's exit code");
            assertFalse(second.timedOut());
            assertThrows(SandboxException.class, () -> sandbox.exec("echo after", Duration.ofSeconds(30)),
                    "its main process ended: nothing runs in it any more");
        }
    }

    @Test
    void aSecondStageLongerThanItsTimeoutIsStoppedAndReportedTimedOut() throws Exception {
        java.nio.file.Path empty = tmp.resolve("empty.tar");
        new TarArchiveOutputStream(java.nio.file.Files.newOutputStream(empty)).close();
        try (StagedSandbox sandbox = startStaged("echo ready", "sleep 30")) {
            assertEquals(0, sandbox.prepare(empty, Duration.ofSeconds(60)).exitCode());
            long started = System.nanoTime();
            ExecResult r = sandbox.run(Duration.ofSeconds(1));
            assertTrue(r.timedOut(), r.toString());
            assertTrue(System.nanoTime() - started < java.util.concurrent.TimeUnit.SECONDS.toNanos(6), "stopped at its limit, not seconds after");
        }
    }

    private StagedSandbox startStaged(String prepare, String run) throws InterruptedException {
        return provider.startStaged(new SandboxSpec(image(), "arena-contract-" + nonce + "-" + NAMES.incrementAndGet(),
                256L << 20, 0.5, "none", Map.of("arena-contract", nonce)), prepare, run);
    }

    @Test
    void stopEndsWhatRunsButLeavesTheFilesReadableUntilClose() throws Exception {
        Sandbox sandbox = start();
        try {
            sandbox.writeFile("/app/kept.txt", "kept\n".getBytes(StandardCharsets.UTF_8));
            sandbox.stop();
            sandbox.stop(); // twice is safe
            assertThrows(SandboxException.class, () -> sandbox.exec("echo hi", Duration.ofSeconds(30)), "nothing runs any more");
            try (TarArchiveInputStream tar = new TarArchiveInputStream(sandbox.readArchive("/app/kept.txt"))) {
                assertNotNull(tar.getNextEntry());
                assertEquals("kept\n", new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            sandbox.close();
        }
        sandbox.stop(); // a removed one too
    }

    @Test
    void readArchiveOfAClosedSandboxIsASandboxExceptionButNotAMissingPath() throws Exception {
        Sandbox sandbox = start();
        sandbox.writeFile("/app/x.txt", new byte[] {1});
        sandbox.close();
        SandboxException e = assertThrows(SandboxException.class, () -> sandbox.readArchive("/app").close());
        assertFalse(e instanceof NoSuchPathException, e.toString());
    }

    @Test
    void closeTwiceIsSafeAndAClosedSandboxRunsNothing() throws Exception {
        Sandbox sandbox = start();
        assertEquals("up\n", sandbox.exec("echo up", Duration.ofSeconds(30)).stdout());
        sandbox.close();
        sandbox.close();
        assertThrows(SandboxException.class, () -> sandbox.exec("echo hi", Duration.ofSeconds(30)));
    }

    @Test
    void aSandboxStartsOnANetworkAndAClosedNetworkTakesNoMore() throws Exception {
        SandboxNetwork net = provider.network("arena-contract-" + nonce + "-net", Map.of("arena-contract", nonce));
        SandboxSpec onIt = new SandboxSpec(image(), "arena-contract-" + nonce + "-" + NAMES.incrementAndGet(),
                256L << 20, 0.5, net.name(), Map.of("arena-contract", nonce));
        try {
            assertInstanceOf(java.net.Inet4Address.class, net.gateway());
            try (Sandbox sandbox = provider.start(onIt)) {
                assertEquals("hi\n", sandbox.exec("echo hi", Duration.ofSeconds(30)).stdout());
            }
        } finally {
            net.close();
        }
        net.close(); // twice is safe
        assertThrows(SandboxException.class, () -> provider.start(new SandboxSpec(onIt.image(), onIt.name() + "-late",
                onIt.memoryBytes(), onIt.cpus(), net.name(), onIt.labels())));
    }

    @Test
    void removeAllRemovesTheSandboxesCarryingEveryLabelAndNoOthers() throws Exception {
        Sandbox doomed = start("arena/run-id", "doomed-" + nonce, "arena/task", "t1");
        Sandbox otherRun = start("arena/run-id", "kept-" + nonce, "arena/task", "t1");
        try {
            assertEquals(1, provider.removeAll(Map.of("arena/run-id", "doomed-" + nonce, "arena/task", "t1")));
            assertThrows(SandboxException.class, () -> doomed.exec("echo hi", Duration.ofSeconds(30)));
            assertEquals("hi\n", otherRun.exec("echo hi", Duration.ofSeconds(30)).stdout());
            assertEquals(0, provider.removeAll(Map.of("arena/run-id", "doomed-" + nonce)), "nothing left to remove");
            assertEquals(0, provider.removeAll(Map.of("arena/run-id", "kept-" + nonce, "arena/task", "t2")),
                    "a sandbox must carry every label");
        } finally {
            doomed.close(); // safe after removeAll
            otherRun.close();
        }
    }
}
