package dev.arena.dataset;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeUnpackerTest {

    @TempDir
    Path tmp;

    /** The unpack target sits two folders deep, so "../" and "../../" land in folders we can watch. */
    private Path target;

    @BeforeEach
    void setUp() throws IOException {
        target = tmp.resolve("a/b/target");
        Files.createDirectories(target);
        Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("secret"), "keep out");
    }

    /** Builds a .tar.gz in memory, entry by entry. */
    private static final class Archive {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar;

        Archive() {
            try {
                tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes));
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Archive file(String name, byte[] content) {
            TarArchiveEntry e = new TarArchiveEntry(name, true); // true: keep a leading '/' as written
            e.setSize(content.length);
            return add(e, content);
        }

        Archive file(String name, String content) {
            return file(name, content.getBytes(StandardCharsets.UTF_8));
        }

        Archive link(String name, byte type, String linkTarget) {
            TarArchiveEntry e = new TarArchiveEntry(name, type);
            e.setLinkName(linkTarget);
            return add(e, new byte[0]);
        }

        Archive special(String name, byte type) {
            return add(new TarArchiveEntry(name, type), new byte[0]);
        }

        private Archive add(TarArchiveEntry e, byte[] content) {
            try {
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
                return this;
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        byte[] build() throws IOException {
            tar.close();
            return bytes.toByteArray();
        }
    }

    private ArenaException refused(SafeUnpacker unpacker, byte[] archive) {
        ArenaException e = assertThrows(ArenaException.class,
                () -> unpacker.unpack(new ByteArrayInputStream(archive), target, "ds.tar.gz"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("unsafe archive ds.tar.gz: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertNothingOutsideTheTarget();
        assertEquals(List.of(), entries(target), "a refused archive leaves the target empty");
        return e;
    }

    private ArenaException refused(byte[] archive) {
        return refused(SafeUnpacker.withDefaults(), archive);
    }

    /** Everything under tmp is the target's own tree, the folders above it, or the untouched outside/secret. */
    private void assertNothingOutsideTheTarget() {
        try (Stream<Path> walk = Files.walk(tmp)) {
            List<String> stray = walk.filter(p -> !p.startsWith(target))
                    .map(p -> tmp.relativize(p).toString())
                    .filter(p -> !List.of("", "a", "a/b", "outside", "outside/secret").contains(p))
                    .toList();
            assertEquals(List.of(), stray, "files written outside the target");
            assertEquals("keep out", Files.readString(tmp.resolve("outside/secret")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aParentPathIsRefused() throws IOException {
        ArenaException e = refused(new Archive().file("ok.txt", "fine").file("../evil", "x").build());
        assertTrue(e.getMessage().contains("entry ../evil escapes the target folder"), e.getMessage());
    }

    @Test
    void anAbsolutePathIsRefused() throws IOException {
        String absolute = tmp.resolve("outside/evil").toString();
        ArenaException e = refused(new Archive().file(absolute, "x").build());
        assertTrue(e.getMessage().contains("entry " + absolute + " has an absolute path"), e.getMessage());
    }

    @Test
    void aPathThatClimbsOutThroughASubfolderIsRefused() throws IOException {
        ArenaException e = refused(new Archive().file("a/../../evil", "x").build());
        assertTrue(e.getMessage().contains("entry a/../../evil escapes the target folder"), e.getMessage());
    }

    @Test
    void anAbsoluteSymlinkIsRefused() throws IOException {
        String secret = tmp.resolve("outside/secret").toString();
        ArenaException e = refused(new Archive().link("leak", TarArchiveEntry.LF_SYMLINK, secret).build());
        assertTrue(e.getMessage().contains("link leak points outside the dataset (" + secret + ")"), e.getMessage());
        assertFalse(Files.exists(target.resolve("leak"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aRelativeSymlinkOutIsRefused() throws IOException {
        ArenaException e = refused(new Archive().link("src/leak", TarArchiveEntry.LF_SYMLINK, "../../../../outside/secret").build());
        assertTrue(e.getMessage().contains("link src/leak points outside the dataset (../../../../outside/secret)"), e.getMessage());
    }

    @Test
    void aHardLinkOutIsRefused() throws IOException {
        ArenaException e = refused(new Archive().link("leak", TarArchiveEntry.LF_LINK, "../../../outside/secret").build());
        assertTrue(e.getMessage().contains("link leak points outside the dataset (../../../outside/secret)"), e.getMessage());
    }

    @Test
    void anAbsoluteHardLinkIsRefused() throws IOException {
        String secret = tmp.resolve("outside/secret").toString();
        ArenaException e = refused(new Archive().link("leak", TarArchiveEntry.LF_LINK, secret).build());
        assertTrue(e.getMessage().contains("link leak points outside the dataset (" + secret + ")"), e.getMessage());
    }

    /** Each link looks inside on paper, but the second is created through the first and so points out. */
    @Test
    void writingThroughALinkUnpackedEarlierIsRefused() throws IOException {
        ArenaException e = refused(new Archive()
                .link("d/up", TarArchiveEntry.LF_SYMLINK, "..")
                .link("d/up/out", TarArchiveEntry.LF_SYMLINK, "..")
                .file("d/up/out/evil", "x")
                .build());
        assertTrue(e.getMessage().contains("entry d/up/out goes through the link d/up"), e.getMessage());
    }

    @Test
    void aLinkWhoseTargetGoesThroughAnEarlierLinkIsRefused() throws IOException {
        ArenaException e = refused(new Archive()
                .link("x", TarArchiveEntry.LF_SYMLINK, ".")
                .link("y", TarArchiveEntry.LF_SYMLINK, "x/../outside")
                .build());
        assertTrue(e.getMessage().contains("link y points through the link x"), e.getMessage());
        assertNothingOutsideTheTarget();
    }

    @Test
    void aCharacterDeviceIsRefused() throws IOException {
        ArenaException e = refused(new Archive().special("dev/null", TarArchiveEntry.LF_CHR).build());
        assertTrue(e.getMessage().contains("entry dev/null is a device file or FIFO"), e.getMessage());
    }

    @Test
    void aFifoIsRefused() throws IOException {
        ArenaException e = refused(new Archive().special("pipe", TarArchiveEntry.LF_FIFO).build());
        assertTrue(e.getMessage().contains("entry pipe is a device file or FIFO"), e.getMessage());
    }

    @Test
    void aGzipBombStopsAtTheSizeLimit() throws IOException {
        byte[] bomb = new Archive().file("zeros.bin", new byte[8 << 20]).build();
        assertTrue(bomb.length < 64 << 10, "8 MiB of zeros compress to " + bomb.length + " bytes");

        ArenaException e = refused(new SafeUnpacker(1 << 20, 100), bomb);
        assertTrue(e.getMessage().contains("it expands past the limit of 1048576 bytes"), e.getMessage());
    }

    @Test
    void theSizeLimitCountsAllEntriesTogether() throws IOException {
        Archive archive = new Archive();
        for (int i = 0; i < 5; i++) {
            archive.file("part-" + i, new byte[300 << 10]);
        }
        ArenaException e = refused(new SafeUnpacker(1 << 20, 100), archive.build());
        assertTrue(e.getMessage().contains("expands past the limit of 1048576 bytes"), e.getMessage());
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        Archive archive = new Archive();
        for (int i = 0; i < 11; i++) {
            archive.file("f" + i + ".txt", "x");
        }
        ArenaException e = refused(new SafeUnpacker(1 << 20, 10), archive.build());
        assertTrue(e.getMessage().contains("more than 10 entries"), e.getMessage());
    }

    @Test
    void aPackedDatasetRoundTripsWithItsExecutableBit() throws IOException {
        Path dataset = Path.of("examples/datasets/py-textkit");
        Path archive = tmp.resolve("py-textkit.tar.gz");
        DatasetArchive.pack(dataset, archive);

        try (var in = Files.newInputStream(archive)) {
            SafeUnpacker.withDefaults().unpack(in, target, archive.toString());
        }

        assertEquals(contents(dataset), contents(target));
        assertTrue(Files.isExecutable(target.resolve("run_tests.sh")));
        assertFalse(Files.isExecutable(target.resolve("Dockerfile")));
    }

    /**
     * The attack of issue 14: the first entry, a link, looks inside on paper and goes through no
     * link yet; a later entry turns {@code d0/.../d7/x} into a link to the top, and the first
     * link then climbs nine folders above the target, to the evaluator's own files.
     */
    static byte[] attack(String outsideFile) throws IOException {
        return new Archive()
                .link("tasks/t1/task_description.txt", TarArchiveEntry.LF_SYMLINK,
                        "../../d0/d1/d2/d3/d4/d5/d6/d7/x/" + "../".repeat(9) + outsideFile)
                .file("tasks/t1/task_diff.txt", "--- a/x\n+++ b/x\n")
                .file("Dockerfile", "FROM scratch\n")
                .link("d0/d1/d2/d3/d4/d5/d6/d7/x", TarArchiveEntry.LF_SYMLINK, "../".repeat(8))
                .build();
    }

    @Test
    void aLinkTurnedOutwardByALaterLinkIsRefused() throws IOException {
        ArenaException e = refused(attack("etc/hostname"));
        assertEquals("unsafe archive ds.tar.gz: link tasks/t1/task_description.txt resolves outside the dataset"
                + " once every link is in place", e.getMessage());
    }

    @Test
    void theSameAttackOnTheProcessEnvironmentIsRefused() throws IOException {
        ArenaException e = refused(attack("proc/self/environ"));
        assertTrue(e.getMessage().contains("link tasks/t1/task_description.txt resolves outside the dataset"), e.getMessage());
    }

    @Test
    void aChainOfLinksThatEndsOutsideIsRefused() throws IOException {
        // each link is inside when written; d/e only later becomes a way up
        ArenaException e = refused(new Archive()
                .link("a", TarArchiveEntry.LF_SYMLINK, "d/e/../..")
                .link("d/e", TarArchiveEntry.LF_SYMLINK, "..")
                .build());
        assertTrue(e.getMessage().contains("resolves outside the dataset"), e.getMessage());
    }

    @Test
    void aLinkLoopIsRefused() throws IOException {
        ArenaException e = refused(new Archive()
                .link("p", TarArchiveEntry.LF_SYMLINK, "p")
                .build());
        assertTrue(e.getMessage().contains("goes through more than"), e.getMessage());
    }

    @Test
    void linksThatStayInsideAreKept() throws IOException {
        byte[] archive = new Archive()
                .link("bin/tool", TarArchiveEntry.LF_SYMLINK, "../lib/current/tool")
                .file("lib/v1/tool", "run me")
                .link("lib/current", TarArchiveEntry.LF_SYMLINK, "v1")
                .link("dangling", TarArchiveEntry.LF_SYMLINK, "not/there")
                .build();
        SafeUnpacker.withDefaults().unpack(new ByteArrayInputStream(archive), target, "ds.tar.gz");
        assertEquals("run me", Files.readString(target.resolve("bin/tool")));
        assertTrue(Files.isSymbolicLink(target.resolve("dangling")));
    }

    private static List<String> entries(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file's relative path and bytes (as text, for readable failures). */
    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(all::add);
        }
        for (Path p : all) {
            files.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
        }
        return files;
    }
}
