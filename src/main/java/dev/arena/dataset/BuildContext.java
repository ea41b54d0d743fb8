package dev.arena.dataset;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Docker build context of a dataset: every file except {@code tasks/} (the hidden tests and
 * gold diffs must never reach the image) and the top-level {@code .git} (its history may hold
 * solutions). The tar is deterministic (sorted entries, fixed times, no owners), and the
 * content hash names the image, so an unchanged dataset is built once.
 */
public final class BuildContext {
    private static final List<String> EXCLUDED_TOP_LEVEL = List.of(Dataset.TASKS_DIR, ".git");

    private final Path root;
    private final List<Path> files;

    private BuildContext(Path root, List<Path> files) {
        this.root = root;
        this.files = files;
    }

    public static BuildContext of(Path datasetDir) {
        Path root = datasetDir.toAbsolutePath().normalize();
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> files = walk
                    .filter(p -> !p.equals(root))
                    .filter(p -> !EXCLUDED_TOP_LEVEL.contains(root.relativize(p).getName(0).toString()))
                    .filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted((a, b) -> relative(root, a).compareTo(relative(root, b)))
                    .toList();
            return new BuildContext(root, files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset folder " + root, e);
        }
    }

    /** Relative paths of the files in the context, sorted, with '/' separators. */
    public List<String> paths() {
        return files.stream().map(p -> relative(root, p)).toList();
    }

    /** sha256 over every path, its executable bit, its length and its bytes. */
    public String contentHash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                digest.update(relative(root, file).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                if (Files.isSymbolicLink(file)) {
                    digest.update(("link:" + Files.readSymbolicLink(file)).getBytes(StandardCharsets.UTF_8));
                } else {
                    digest.update((byte) (Files.isExecutable(file) ? 1 : 0));
                    // the length keeps file contents from being read as further entries
                    digest.update(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(Files.size(file)).array());
                    try (InputStream in = Files.newInputStream(file)) {
                        byte[] buf = new byte[64 * 1024];
                        for (int n; (n = in.read(buf)) > 0; ) {
                            digest.update(buf, 0, n);
                        }
                    }
                }
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash dataset " + root, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the context as a tar stream; the caller owns (and closes) {@code out}. */
    public void writeTar(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Path file : files) {
            String name = relative(root, file);
            TarArchiveEntry entry;
            if (Files.isSymbolicLink(file)) {
                entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                entry.setLinkName(Files.readSymbolicLink(file).toString());
            } else {
                entry = new TarArchiveEntry(name);
                entry.setSize(Files.size(file));
                entry.setMode(Files.isExecutable(file) ? 0100755 : 0100644);
            }
            entry.setModTime(0);
            entry.setUserId(0);
            entry.setGroupId(0);
            tar.putArchiveEntry(entry);
            if (!entry.isSymbolicLink()) {
                Files.copy(file, tar);
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }
}
