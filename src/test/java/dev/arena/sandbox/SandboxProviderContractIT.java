package dev.arena.sandbox;

import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link SandboxProviderContract} on {@link DockerSandboxProvider} and the local engine: one
 * small image ({@code FROM} the local base image plus a nonce file, removed afterwards) and one
 * container per case, all removed by label afterwards. The fake's half is
 * {@link SandboxProviderContractTest}.
 */
@RequiresDocker
class SandboxProviderContractIT extends SandboxProviderContract {
    @Override
    protected SandboxProvider open() {
        return DockerSandboxProvider.connect();
    }

    /** The Dockerfile of {@code source} fails by itself. */
    @Override
    protected SandboxProvider failingBuilds(SandboxProvider provider, ImageSource source) {
        return provider;
    }

    @Override
    protected String baseImage() {
        return TestImages.baseImage();
    }

    /**
     * Docker only: the derived image keeps what the command left (made once: a random value reads
     * the same from a second derivation), and is keyed by the image id: the same tag moved to
     * another image gets an image derived from that one.
     */
    @Test
    void aDerivedImageIsKeyedByTheImageIdAndKeepsWhatItsCommandLeft() throws Exception {
        String command = "head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \\n' > /derived.txt";
        String movable = "arena-contract-retag:" + nonce;
        docker("tag", image(), movable);
        String first = provider.derive(deriveSpec(movable), command, Duration.ofSeconds(60));
        derivedImages.add(first);
        String value = read(first, "cat /derived.txt /nonce.txt");
        assertTrue(value.endsWith(nonce + "\n") && value.length() > nonce.length() + 20, value);
        assertEquals(first, provider.derive(deriveSpec(movable), command, Duration.ofSeconds(60)));
        assertEquals(value, read(first, "cat /derived.txt /nonce.txt"), "made once, reused");

        docker("tag", baseImage(), movable); // the same tag, another image (a rebuild)
        String second = provider.derive(deriveSpec(movable), command, Duration.ofSeconds(60));
        derivedImages.add(second);
        assertNotEquals(first, second);
        assertEquals("no nonce\n", read(second, "test -e /nonce.txt || echo no nonce"), "derived from the image the tag names now");
    }

    /** Docker only: stdout that is not UTF-8 comes back byte for byte (the grading diff prints binary patches). */
    @Test
    void stdoutBytesAreWhatTheCommandWrote() throws Exception {
        try (Sandbox sandbox = provider.start(new SandboxSpec(image(), "arena-contract-" + nonce + "-bytes",
                256L << 20, 0.5, "none", java.util.Map.of("arena-contract", nonce)))) {
            ExecResult r = sandbox.exec("printf 'a\\377\\000b\\351'; printf 'err' >&2", Duration.ofSeconds(30));
            assertArrayEquals(new byte[] {'a', (byte) 0xff, 0, 'b', (byte) 0xe9}, r.stdoutBytes());
            assertEquals("err", r.stderr());
            ExecResult big = sandbox.exec("head -c 6000000 /dev/zero", Duration.ofSeconds(30));
            assertNull(big.stdoutBytes(), "cut in the middle: no bytes that pretend to be whole");
        }
    }

    /**
     * Docker only: the first stage's output comes back byte for byte with its stderr apart; a tar
     * that does not unpack runs nothing; an image without {@code tar} gets the files through the
     * archive call; a first stage past its limit is reported timed out.
     */
    @Test
    void aStagedSandboxKeepsBytesRunsNothingOnABadTarAndWorksWithoutTar() throws Exception {
        java.nio.file.Path empty = tmp.resolve("staged-empty.tar");
        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(java.nio.file.Files.newOutputStream(empty)).close();
        try (StagedSandbox sandbox = startStaged(image(), "printf 'a\\377\\000b\\351'; printf 'err' >&2; exit 4", "exit 0")) {
            ExecResult r = sandbox.prepare(empty, Duration.ofSeconds(30));
            assertEquals(4, r.exitCode());
            assertArrayEquals(new byte[] {'a', (byte) 0xff, 0, 'b', (byte) 0xe9}, r.stdoutBytes());
            assertEquals("err", r.stderr());
        }

        java.nio.file.Path garbage = tmp.resolve("garbage.tar");
        java.nio.file.Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        try (StagedSandbox sandbox = startStaged(image(), "touch /ran", "exit 0")) {
            SandboxException e = org.junit.jupiter.api.Assertions.assertThrows(SandboxException.class,
                    () -> sandbox.prepare(garbage, Duration.ofSeconds(30)));
            assertTrue(e.getMessage().startsWith("cannot unpack files in the container with its tar: tar:"), e.getMessage());
            assertEquals("no\n", sandbox.exec("test -e /ran || echo no", Duration.ofSeconds(30)).stdout());
        }

        try (StagedSandbox sandbox = startStaged(image(), "sleep 30", "exit 0")) {
            long started = System.nanoTime();
            ExecResult r = sandbox.prepare(empty, Duration.ofSeconds(1));
            assertTrue(r.timedOut(), r.toString());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(6), "stopped at its limit, not seconds after");
        }

        String noTar = provider.build(source("arena-contract-notar", "RUN rm -f \"$(command -v tar)\"\n"), ImageBuilder.DEFAULT_TIMEOUT).tag();
        derivedImages.add(noTar);
        java.nio.file.Path tar = tmp.resolve("one.tar");
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(java.nio.file.Files.newOutputStream(tar))) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("arena/one.txt");
            entry.setSize(4);
            out.putArchiveEntry(entry);
            out.write("one\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }
        try (StagedSandbox sandbox = startStaged(noTar, "cat /arena/one.txt", "cat /arena/one.txt; exit 5")) {
            assertEquals("absent\n", sandbox.exec("command -v tar || echo absent", Duration.ofSeconds(30)).stdout());
            ExecResult r = sandbox.prepare(tar, Duration.ofSeconds(30));
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals("one\n", r.stdout());
            ExecResult second = sandbox.run(Duration.ofSeconds(30));
            assertEquals(5, second.exitCode());
            assertEquals("one\n", second.stdout(), "the second stage's output");
        }
    }

    /** Docker only: once stopped, a process left running changes nothing more (its files read the same twice). */
    @Test
    void aStoppedSandboxsProcessesChangeNothingMore() throws Exception {
        try (Sandbox sandbox = provider.start(new SandboxSpec(image(), "arena-contract-" + nonce + "-stop-" + System.nanoTime(),
                256L << 20, 0.5, "none", java.util.Map.of("arena-contract", nonce)))) {
            sandbox.exec("(while :; do echo tick >> /app/ticks; done) >/dev/null 2>&1 &", Duration.ofSeconds(30));
            Thread.sleep(300);
            sandbox.stop();
            byte[] first = read(sandbox, "/app/ticks");
            Thread.sleep(500);
            assertTrue(first.length > 0, "the process ran before the stop");
            assertArrayEquals(first, read(sandbox, "/app/ticks"), "and nothing after it");
        }
    }

    private static byte[] read(Sandbox sandbox, String path) throws java.io.IOException {
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(sandbox.readArchive(path))) {
            tar.getNextEntry();
            return tar.readAllBytes();
        }
    }

    private StagedSandbox startStaged(String image, String prepare, String run) {
        return provider.startStaged(new SandboxSpec(image, "arena-contract-" + nonce + "-" + System.nanoTime(),
                256L << 20, 0.5, "none", java.util.Map.of("arena-contract", nonce)), prepare, run);
    }


    private String read(String image, String command) throws InterruptedException {
        try (Sandbox sandbox = provider.start(new SandboxSpec(image, "arena-contract-" + nonce + "-read-" + System.nanoTime(),
                256L << 20, 0.5, "none", java.util.Map.of("arena-contract", nonce)))) {
            return sandbox.exec(command, Duration.ofSeconds(30)).stdout();
        }
    }

    private static void docker(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("docker"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed");
        }
    }

    /** The provider has no call to remove an image; the contract image holds a nonce, so drop it here. */
    @AfterAll
    void removeTheContractImage() throws Exception {
        for (String image : derivedImages) { // first: they are the contract image's children
            docker("rmi", "-f", image);
        }
        try {
            docker("rmi", "arena-contract-retag:" + nonce);
        } catch (IllegalStateException ignored) {
            // never tagged
        }
        String tag = builtImage();
        if (tag != null) {
            Process rmi = new ProcessBuilder("docker", "rmi", "-f", tag).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!rmi.waitFor(60, TimeUnit.SECONDS)) {
                rmi.destroyForcibly();
            }
        }
    }
}
