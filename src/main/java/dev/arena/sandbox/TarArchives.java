package dev.arena.sandbox;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** In-memory tar streams for Docker's archive API: what goes into and comes out of a container. */
final class TarArchives {
    private TarArchives() {
    }

    /** A tar holding {@code hostPath} (file or folder, recursively) at {@code containerPath}. */
    static byte[] of(Path hostPath, String containerPath) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = open(bytes)) {
            Path base = hostPath.toAbsolutePath().normalize();
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(base)) {
                paths = walk.sorted().toList();
            }
            for (Path p : paths) {
                String name = entryName(containerPath) + (p.equals(base) ? "" : "/" + base.relativize(p).toString().replace('\\', '/'));
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    TarArchiveEntry dir = new TarArchiveEntry(name + "/");
                    dir.setMode(040755);
                    tar.putArchiveEntry(dir);
                    tar.closeArchiveEntry();
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    TarArchiveEntry file = new TarArchiveEntry(name);
                    file.setSize(Files.size(p));
                    file.setMode(Files.isExecutable(p) ? 0100755 : 0100644);
                    tar.putArchiveEntry(file);
                    Files.copy(p, tar);
                    tar.closeArchiveEntry();
                }
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + hostPath, e);
        }
        return bytes.toByteArray();
    }

    /** A tar with one file at {@code containerPath} holding {@code content}. */
    static byte[] ofFile(String containerPath, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = open(bytes)) {
            TarArchiveEntry file = new TarArchiveEntry(entryName(containerPath));
            file.setSize(content.length);
            file.setMode(0100644);
            tar.putArchiveEntry(file);
            tar.write(content);
            tar.closeArchiveEntry();
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + containerPath, e);
        }
        return bytes.toByteArray();
    }

    /** The bytes of the first regular file in a tar stream. */
    static byte[] firstFile(InputStream in) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.isFile()) {
                    return tar.readAllBytes();
                }
            }
        }
        throw new IOException("archive holds no file");
    }

    /** Entries are unpacked at '/', so an absolute container path becomes a relative entry name. */
    private static String entryName(String containerPath) {
        String name = containerPath.replaceAll("^/+", "").replaceAll("/+$", "");
        if (name.isEmpty() || name.contains("..")) {
            throw new IllegalArgumentException("not a container file path: " + containerPath);
        }
        return name;
    }

    private static TarArchiveOutputStream open(ByteArrayOutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return tar;
    }
}
