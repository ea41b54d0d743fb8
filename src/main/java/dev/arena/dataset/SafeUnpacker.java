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
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * Unpacks a dataset archive that may come from anywhere. Refuses, with one clear line starting
 * "unsafe archive" and {@link ExitCode#USAGE}: entries that escape the target ({@code ../},
 * absolute paths), links pointing outside it, device files and FIFOs, and archives that expand
 * past a size or entry-count limit (a gzip bomb).
 *
 * <p>The rule for links, in two passes. While unpacking, each entry is checked on its own: its
 * path must stay inside the target and must not pass through (or be) a symbolic link unpacked
 * earlier; a symbolic link's target must be relative and, resolved one name at a time from the
 * link's own folder, stay inside the target without passing through an earlier link; a hard link
 * must name a file inside the target that is not reached through a link. These checks see only
 * the tree so far: a link may be harmless when written and be turned outward by a later entry
 * (for example {@code a -> ../d/x/../../..} written before {@code d/x -> ..}). So after the last
 * entry, every symbolic link in the finished tree is resolved as the kernel would resolve it
 * (following each link it meets, up to {@value #MAX_HOPS} hops, a name that does not exist taken
 * as a plain folder), using only {@code lstat} and {@code readlink} inside the target; a link
 * that resolves outside the target, or through an absolute link, or too many hops, refuses the
 * archive. Since every link of the final tree resolves inside it, so does every path opened
 * through them. Nothing outside the target is read or written, and a refused archive leaves the
 * target empty (its entries are deleted; links are deleted, never followed).
 */
public final class SafeUnpacker {
    public static final long DEFAULT_MAX_BYTES = 8L << 30;
    public static final int DEFAULT_MAX_ENTRIES = 200_000;
    /** Most links one resolution may follow, as Linux's own limit (ELOOP). */
    static final int MAX_HOPS = 40;

    private final long maxBytes;
    private final int maxEntries;

    public SafeUnpacker(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    public static SafeUnpacker withDefaults() {
        return new SafeUnpacker(DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES);
    }

    /**
     * Unpacks into {@code target} (created when missing; meant to be empty).
     *
     * @throws ArenaException ({@link ExitCode#USAGE}) for an unsafe archive; the target is then emptied
     */
    public void unpack(InputStream tarGz, Path target, String source) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try {
            unpackEntries(tarGz, root, source);
            everyLinkStaysInside(root.toRealPath(), source);
        } catch (IOException | RuntimeException e) {
            empty(root);
            throw e;
        }
    }

    private void unpackEntries(InputStream tarGz, Path root, String source) throws IOException {
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

    /** The second pass: every symbolic link of the finished tree resolves inside it. */
    private static void everyLinkStaysInside(Path realRoot, String source) throws IOException {
        List<Path> links;
        try (Stream<Path> walk = Files.walk(realRoot)) { // does not follow links
            links = walk.filter(Files::isSymbolicLink).toList();
        }
        for (Path link : links) {
            String name = realRoot.relativize(link).toString();
            Path at = link.getParent(); // a real folder: the walk entered no link
            Deque<String> rest = new ArrayDeque<>();
            int hops = 0;
            push(rest, Files.readSymbolicLink(link), name, source);
            while (!rest.isEmpty()) {
                String part = rest.pop();
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                Path next = part.equals("..") ? at.getParent() : at.resolve(part);
                if (next == null || !next.startsWith(realRoot)) {
                    throw refuse(source, "link " + name + " resolves outside the dataset once every link is in place");
                }
                if (!part.equals("..") && Files.isSymbolicLink(next)) {
                    if (++hops > MAX_HOPS) {
                        throw refuse(source, "link " + name + " goes through more than " + MAX_HOPS + " links");
                    }
                    push(rest, Files.readSymbolicLink(next), name, source);
                } else {
                    at = next;
                }
            }
        }
    }

    /** Puts a link target's names in front of what is left to resolve. */
    private static void push(Deque<String> rest, Path linkTarget, String name, String source) {
        if (linkTarget.isAbsolute()) {
            throw refuse(source, "link " + name + " resolves through an absolute link (" + linkTarget + ")");
        }
        for (int i = linkTarget.getNameCount() - 1; i >= 0; i--) {
            rest.push(linkTarget.getName(i).toString());
        }
    }

    /** Deletes everything in {@code root}, links as links; the folder itself stays. */
    private static void empty(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.equals(root)).sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: the refusal is what the caller must hear about
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
        return new ArenaException(ExitCode.USAGE, "unsafe archive " + source + ": " + why);
    }
}
