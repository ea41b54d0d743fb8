package dev.arena.dataset;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A whole dataset (tasks included) as one deterministic {@code .tar.gz}: entries sorted, times,
 * owners and gzip header fixed, so the same content always gives the same bytes. The content
 * hash is the sha256 of the uncompressed tar, so it does not depend on the compression level.
 */
public final class DatasetArchive {
    private DatasetArchive() {
    }

    /** The archive just written: its content hash and compressed size. */
    public record Packed(String contentHash, long size) {
    }

    public static Packed pack(Path datasetDir, Path target) {
        Path root = datasetDir.toAbsolutePath().normalize();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            GzipParameters gzip = new GzipParameters();
            gzip.setModificationTime(0);
            try (OutputStream file = Files.newOutputStream(target);
                 GzipCompressorOutputStream gz = new GzipCompressorOutputStream(file, gzip);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(new DigestOutputStream(gz, sha))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (Path p : entries(root)) {
                    tar.putArchiveEntry(entry(root, p));
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.copy(p, tar);
                    }
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
            return new Packed(HexFormat.of().formatHex(sha.digest()), Files.size(target));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + root, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> entries(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root))
                    .filter(p -> !root.relativize(p).getName(0).toString().equals(".git"))
                    .sorted((a, b) -> name(root, a).compareTo(name(root, b)))
                    .toList();
        }
    }

    private static TarArchiveEntry entry(Path root, Path p) throws IOException {
        TarArchiveEntry e;
        if (Files.isSymbolicLink(p)) {
            e = new TarArchiveEntry(name(root, p), TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
        } else if (Files.isDirectory(p)) {
            e = new TarArchiveEntry(name(root, p) + "/");
            e.setMode(040755);
        } else {
            e = new TarArchiveEntry(name(root, p));
            e.setSize(Files.size(p));
            e.setMode(Files.isExecutable(p) ? 0100755 : 0100644);
        }
        e.setModTime(0);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
        return e;
    }

    private static String name(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }
}
