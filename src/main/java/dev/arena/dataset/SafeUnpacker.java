package dev.arena.dataset;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Unpacks a dataset archive that may come from anywhere. Refuses, with one clear line: entries
 * that escape the target ({@code ../}, absolute paths), links pointing outside it, device files
 * and FIFOs, and archives that expand past a size or entry-count limit (a gzip bomb).
 */
public final class SafeUnpacker {
    public static final long DEFAULT_MAX_BYTES = 8L << 30;
    public static final int DEFAULT_MAX_ENTRIES = 200_000;

    private final long maxBytes;
    private final int maxEntries;

    public SafeUnpacker(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    public static SafeUnpacker withDefaults() {
        return new SafeUnpacker(DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES);
    }

    public void unpack(InputStream tarGz, Path target, String source) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        long total = 0;
        int count = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(tarGz))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (++count > maxEntries) {
                    throw refuse(source, "more than " + maxEntries + " entries");
                }
                Path out = inside(root, e.getName(), source);
                notThroughALink(root, out, e.getName(), source);
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isSymbolicLink()) {
                    checkLinkTarget(root, out, e, source);
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                } else if (e.isLink()) {
                    Path linked = root.resolve(e.getLinkName()).normalize();
                    if (Path.of(e.getLinkName()).isAbsolute() || !linked.startsWith(root)) {
                        throw refuse(source, "link " + e.getName() + " points outside the dataset (" + e.getLinkName() + ")");
                    }
                    notThroughALink(root, linked, e.getLinkName(), source);
                    Files.createDirectories(out.getParent());
                    Files.createLink(out, linked);
                } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    // before isFile(): commons-compress counts every non-directory type as a file
                    throw refuse(source, "entry " + e.getName() + " is a device file or FIFO");
                } else if (e.isFile()) {
                    Files.createDirectories(out.getParent());
                    total = copy(tar, out, total, source);
                    if ((e.getMode() & 0100) != 0) {
                        out.toFile().setExecutable(true, false);
                    }
                } else {
                    throw refuse(source, "entry " + e.getName() + " has an unsupported type");
                }
            }
        }
    }

    private long copy(InputStream in, Path out, long total, String source) throws IOException {
        byte[] buf = new byte[64 * 1024];
        try (OutputStream os = Files.newOutputStream(out)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw refuse(source, "it expands past the limit of " + maxBytes + " bytes");
                }
                os.write(buf, 0, n);
            }
        }
        return total;
    }

    /**
     * Refuses a path that passes through (or is) a symbolic link unpacked earlier: the checks above are
     * on the names alone, and the file system would follow the link, maybe out of the target.
     */
    private static void notThroughALink(Path root, Path path, String name, String source) {
        for (Path p = path; p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw refuse(source, "entry " + name + " goes through the link " + root.relativize(p));
            }
        }
    }

    /**
     * Follows a symbolic link's target one step at a time, as the file system will: it must stay
     * inside the target and must not pass through another link (whose own target the names
     * alone do not show, e.g. {@code y -> x/../out} with {@code x -> .}).
     */
    private static void checkLinkTarget(Path root, Path link, TarArchiveEntry e, String source) {
        Path target = Path.of(e.getLinkName());
        Path p = link.getParent();
        for (int i = 0; !target.isAbsolute() && i < target.getNameCount() && p != null && p.startsWith(root); i++) {
            String part = target.getName(i).toString();
            p = part.equals("..") ? p.getParent() : part.equals(".") ? p : p.resolve(part);
            if (p != null && p.startsWith(root) && Files.isSymbolicLink(p)) {
                throw refuse(source, "link " + e.getName() + " points through the link " + root.relativize(p));
            }
        }
        if (target.isAbsolute() || p == null || !p.startsWith(root)) {
            throw refuse(source, "link " + e.getName() + " points outside the dataset (" + e.getLinkName() + ")");
        }
    }

    private static Path inside(Path root, String name, String source) {
        if (name.startsWith("/") || name.contains("\\") || name.matches("^[A-Za-z]:.*")) {
            throw refuse(source, "entry " + name + " has an absolute path");
        }
        Path out = root.resolve(name).normalize();
        if (!out.startsWith(root) || out.equals(root) && !name.equals("./") && !name.equals(".")) {
            throw refuse(source, "entry " + name + " escapes the target folder");
        }
        return out;
    }

    private static ArenaException refuse(String source, String why) {
        return new ArenaException(ExitCode.PROBLEMS, "refusing to unpack " + source + ": " + why);
    }
}
