package dev.arena.dataset;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuildContextTest {

    @TempDir
    Path tmp;

    private Path ds;

    @BeforeEach
    void createDataset() throws IOException {
        ds = tmp.resolve("ds");
        buildTree(ds);
    }

    /** A dataset with top-level tasks/ and .git/ (both excluded) and a nested src/tasks/ (kept). */
    private static void buildTree(Path root) throws IOException {
        write(root, "Dockerfile", "FROM python:3.12-slim\nCOPY . /app\n");
        write(root, "run_tests.sh", "#!/bin/sh\npytest\n");
        makeExecutable(root.resolve("run_tests.sh"));
        write(root, "src/app.py", "print('hi')\n");
        write(root, "src/tasks/queue.py", "QUEUE = []\n");
        write(root, "README.md", "# ds\n");
        write(root, "tasks/task-1/task_description.txt", "Fix it.\n");
        write(root, "tasks/task-1/task_diff.txt", "--- a/src/app.py\n+++ b/src/app.py\n");
        write(root, ".git/HEAD", "ref: refs/heads/main\n");
        write(root, ".git/objects/ab/cdef", "secret history");
    }

    private static void write(Path root, String relative, String content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private static void makeExecutable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void makeNotExecutable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static byte[] tarOf(Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuildContext.of(dir).writeTar(out);
        return out.toByteArray();
    }

    @Test
    void pathsExcludeTopLevelTasksAndGitButKeepNestedTasksAndAreSorted() {
        assertEquals(List.of("Dockerfile", "README.md", "run_tests.sh", "src/app.py", "src/tasks/queue.py"),
                BuildContext.of(ds).paths());
    }

    @Test
    void pathsAreTheSameForARelativeUnnormalizedPath() {
        Path weird = ds.resolve("src").resolve("..");
        assertEquals(BuildContext.of(ds).paths(), BuildContext.of(weird).paths());
    }

    @Test
    void aDotGitFolderBelowTheTopLevelIsKept() throws IOException {
        write(ds, "vendor/lib/.git/HEAD", "x");
        assertEquals(List.of("Dockerfile", "README.md", "run_tests.sh", "src/app.py", "src/tasks/queue.py",
                "vendor/lib/.git/HEAD"), BuildContext.of(ds).paths());
    }

    @Test
    void hashIsSha256HexAndStableAcrossCalls() {
        String first = BuildContext.of(ds).contentHash();
        String second = BuildContext.of(ds).contentHash();
        assertEquals(first, second);
        assertEquals(64, first.length());
        assertTrue(first.matches("[0-9a-f]{64}"), first);
    }

    @Test
    void twoCopiesOfTheSameTreeHaveTheSameHash() throws IOException {
        Path copy = tmp.resolve("elsewhere/another-name");
        buildTree(copy);
        assertEquals(BuildContext.of(ds).contentHash(), BuildContext.of(copy).contentHash());
    }

    @Test
    void hashChangesWhenAFileContentChanges() throws IOException {
        String before = BuildContext.of(ds).contentHash();
        write(ds, "src/app.py", "print('bye')\n");
        assertNotEquals(before, BuildContext.of(ds).contentHash());
    }

    @Test
    void hashChangesWhenAFileIsRenamed() throws IOException {
        String before = BuildContext.of(ds).contentHash();
        Files.move(ds.resolve("src/app.py"), ds.resolve("src/main.py"));
        assertNotEquals(before, BuildContext.of(ds).contentHash());
    }

    @Test
    void hashChangesWhenTheExecutableBitChanges() throws IOException {
        String before = BuildContext.of(ds).contentHash();
        makeExecutable(ds.resolve("src/app.py"));
        String after = BuildContext.of(ds).contentHash();
        assertNotEquals(before, after);
        makeNotExecutable(ds.resolve("src/app.py"));
        assertEquals(before, BuildContext.of(ds).contentHash());
    }

    @Test
    void hashIgnoresChangesUnderTopLevelTasksAndGit() throws IOException {
        String before = BuildContext.of(ds).contentHash();
        write(ds, "tasks/task-1/task_description.txt", "Something else entirely.\n");
        write(ds, "tasks/task-2/task_tests.py", "def test(): pass\n");
        write(ds, ".git/HEAD", "ref: refs/heads/other\n");
        assertEquals(before, BuildContext.of(ds).contentHash());
    }

    @Test
    void hashChangesWhenNestedSrcTasksChanges() throws IOException {
        String before = BuildContext.of(ds).contentHash();
        write(ds, "src/tasks/queue.py", "QUEUE = [1]\n");
        assertNotEquals(before, BuildContext.of(ds).contentHash());
    }

    @Test
    void hashDistinguishesAFileContainingSeparatorsFromTwoFiles() throws IOException {
        Path one = tmp.resolve("one");
        write(one, "a", "");
        write(one, "b", "");
        Path two = tmp.resolve("two");
        Files.createDirectories(two);
        // hashed as name NUL flag content NUL: both trees feed the digest "a\0\0\0b\0\0\0"
        Files.write(two.resolve("a"), new byte[] {0, 'b', 0, 0});
        assertNotEquals(BuildContext.of(one).contentHash(), BuildContext.of(two).contentHash());
    }

    @Test
    void tarHoldsExactlyThePathsWithModesZeroTimesAndContent() throws IOException {
        byte[] tar = tarOf(ds);
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        Map<String, String> contents = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), e);
                contents.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("Dockerfile", "README.md", "run_tests.sh", "src/app.py", "src/tasks/queue.py"),
                new ArrayList<>(entries.keySet()));
        assertEquals(0100755, entries.get("run_tests.sh").getMode());
        assertEquals(0100644, entries.get("Dockerfile").getMode());
        assertEquals(0100644, entries.get("src/app.py").getMode());
        for (TarArchiveEntry e : entries.values()) {
            assertEquals(0L, e.getModTime().getTime(), e.getName());
            assertEquals(0L, e.getLongUserId(), e.getName());
            assertEquals(0L, e.getLongGroupId(), e.getName());
            assertTrue(e.isFile(), e.getName());
        }
        assertEquals("#!/bin/sh\npytest\n", contents.get("run_tests.sh"));
        assertEquals("QUEUE = []\n", contents.get("src/tasks/queue.py"));
        assertEquals(11L, entries.get("src/tasks/queue.py").getSize());
    }

    @Test
    void twoWritesGiveIdenticalBytes() throws IOException {
        byte[] first = tarOf(ds);
        byte[] second = tarOf(ds);
        assertArrayEquals(first, second);
        Path copy = tmp.resolve("copy");
        buildTree(copy);
        assertArrayEquals(first, tarOf(copy));
    }

    @Test
    void tarTimesStayZeroEvenWhenFilesAreTouched() throws IOException {
        byte[] before = tarOf(ds);
        Files.setLastModifiedTime(ds.resolve("src/app.py"),
                java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
        assertArrayEquals(before, tarOf(ds));
    }

    @Test
    void anEmptyDatasetHasNoPathsAndAStableHash() throws IOException {
        Path empty = tmp.resolve("empty");
        write(empty, "tasks/t/task_description.txt", "x");
        Path otherEmpty = tmp.resolve("other-empty");
        Files.createDirectories(otherEmpty);
        assertEquals(List.of(), BuildContext.of(empty).paths());
        assertEquals(BuildContext.of(otherEmpty).contentHash(), BuildContext.of(empty).contentHash());
        // sha256 of no input at all
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                BuildContext.of(empty).contentHash());
    }
}
