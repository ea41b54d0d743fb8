package dev.arena.eval;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AgentTreeTest {

    @Test
    void keepsFoldersFilesAndLinksUnderTheNewRootAndDropsEverythingElse() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            dir(tar, "app/");
            file(tar, "app/a.txt", "alpha", 0100755);
            dir(tar, "app/.git/");
            file(tar, "app/.git/config", "[core]", 0100644);
            dir(tar, "app/src/");
            file(tar, "app/src/.git", "gitdir: /elsewhere", 0100644);
            file(tar, "app/src/b.bin", "\0\1", 0100644);
            link(tar, "app/out", TarArchiveEntry.LF_SYMLINK, "/etc");
            file(tar, "app/out/passwd", "root::0:0", 0100644);
            file(tar, "app/a.txt", "again", 0100644);
            link(tar, "app/same", TarArchiveEntry.LF_LINK, "app/a.txt");
            link(tar, "app/shadow", TarArchiveEntry.LF_LINK, "etc/shadow");
            link(tar, "app/fifo", TarArchiveEntry.LF_FIFO, "");
            file(tar, "app/../escape.txt", "x", 0100644);
            file(tar, "other/x.txt", "x", 0100644);
            file(tar, "./app/" + "d/".repeat(60) + "deep.txt", "deep", 0100644);
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AgentTree.Copied copied = AgentTree.rewrite(new ByteArrayInputStream(bytes.toByteArray()), "app", "arena/agent", out);

        Map<String, String> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String what = e.isDirectory() ? "dir" : e.isSymbolicLink() ? "symlink " + e.getLinkName()
                        : e.isLink() ? "link " + e.getLinkName()
                        : "file " + Integer.toOctalString(e.getMode() & 0777) + " " + new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                entries.put(e.getName(), what);
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("arena/agent/", "dir");
        expected.put("arena/agent/a.txt", "file 755 alpha");
        expected.put("arena/agent/src/", "dir");
        expected.put("arena/agent/src/b.bin", "file 644 \0\1");
        expected.put("arena/agent/out", "symlink /etc");
        expected.put("arena/agent/same", "link arena/agent/a.txt");
        expected.put("arena/agent/" + "d/".repeat(60) + "deep.txt", "file 644 deep");
        assertEquals(expected, entries);
        assertEquals(3, copied.files());
        assertEquals(9, copied.dropped(), ".git x3, below a symlink, repeated, outside hard link, fifo, '..', outside the root");
    }

    @Test
    void aSourceThatIsNoFolderGivesAnEmptyTree() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            link(tar, "app", TarArchiveEntry.LF_SYMLINK, "/etc");
            file(tar, "app/passwd", "root::0:0", 0100644);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, AgentTree.rewrite(new ByteArrayInputStream(bytes.toByteArray()), "app", "arena/agent", out).files());
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(null, tar.getNextEntry());
        }
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        assertEquals(0, AgentTree.rewrite(java.io.InputStream.nullInputStream(), "app", "arena/agent", none).files(), "no tree at all");
    }

    @Test
    void arenasOwnFilesFollowTheTreeInTheSameArchive(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws IOException {
        java.nio.file.Path script = tmp.resolve("run_tests.sh");
        java.nio.file.Files.writeString(script, "#!/bin/sh\n");
        script.toFile().setExecutable(true);
        java.nio.file.Path test = tmp.resolve("test_x.py");
        java.nio.file.Files.writeString(test, "def test(): pass\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            file(tar, "app/a.txt", "alpha", 0100644);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, java.nio.file.Path> extra = new java.util.TreeMap<>(Map.of("app/run_tests.sh", script, "app/tasks/t1/test_x.py", test));
        assertEquals(1, AgentTree.rewrite(new ByteArrayInputStream(bytes.toByteArray()), "app", "arena/agent", out, extra).files());
        Map<String, String> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                entries.put(e.getName(), Integer.toOctalString(e.getMode() & 0777) + " " + new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("arena/agent/a.txt", "644 alpha");
        expected.put("app/run_tests.sh", "755 #!/bin/sh\n");
        expected.put("app/tasks/t1/test_x.py", "644 def test(): pass\n");
        assertEquals(expected, entries);
    }

    private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(new TarArchiveEntry(name));
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(b.length);
        e.setMode(mode);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, byte flag, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, flag);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }
}
