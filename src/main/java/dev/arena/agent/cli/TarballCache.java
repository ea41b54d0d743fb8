package dev.arena.agent.cli;

import dev.arena.ArenaException;
import dev.arena.ExitCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Package tarballs on disk, one file per package, version and expected hash:
 * {@code <root>/<package>/<version>/<algorithm>-<hash prefix>.tgz}. A file is only ever created
 * whole (written to a temp file beside it, hash checked, then renamed), and is hashed again before
 * each use, so a truncated or altered file is never handed out: it is deleted and fetched anew.
 */
final class TarballCache {
    private final Path root;

    TarballCache(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path path(ResolvedPackage resolved) {
        NpmCoordinates coordinates = resolved.coordinates();
        return root.resolve(relativeKey(coordinates.packageName(), coordinates.npmVersion(), resolved.integrity()));
    }

    /** The layout below the root, also the key of a bucket's copy ({@link AgentTarball#key()}). */
    static String relativeKey(String packageName, String npmVersion, Integrity integrity) {
        return safe(packageName) + "/" + safe(npmVersion) + "/" + integrity.cacheKey() + ".tgz";
    }

    /** The cached tarball if it is there and still has the expected hash; a bad one is removed. */
    Optional<Path> verified(ResolvedPackage resolved) {
        Path file = path(resolved);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            if (resolved.integrity().matches(hash(file, resolved.integrity()))) {
                return Optional.of(file);
            }
            Files.deleteIfExists(file);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Moves {@code downloaded} (a file in {@link #tempFile}) into the cache if its hash is the
     * expected one; otherwise deletes it and refuses it in one line naming {@code where} it came from.
     */
    Path adopt(ResolvedPackage resolved, Path downloaded, String where) throws IOException {
        try {
            byte[] actual = hash(downloaded, resolved.integrity());
            if (!resolved.integrity().matches(actual)) {
                throw new ArenaException(ExitCode.ENVIRONMENT, "the tarball of " + resolved.coordinates() + " " + where
                        + " fails its integrity check (expected " + resolved.integrity() + ", got " + resolved.integrity().sri(actual)
                        + "): it is not the one pinned; refusing to run it");
            }
            Path file = path(resolved);
            Files.move(downloaded, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } finally {
            Files.deleteIfExists(downloaded);
        }
    }

    /** A new empty file beside where {@code resolved} is kept, for a download that {@link #adopt} then checks. */
    Path tempFile(ResolvedPackage resolved) throws IOException {
        Path dir = path(resolved).getParent();
        Files.createDirectories(dir);
        return Files.createTempFile(dir, ".download-", ".tmp");
    }

    private static byte[] hash(Path file, Integrity integrity) throws IOException {
        MessageDigest digest = integrity.newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return digest.digest();
    }

    /** Writes {@code body} into the cache if its hash is the expected one; otherwise keeps nothing and says so. */
    Path store(ResolvedPackage resolved, InputStream body) throws IOException {
        Path file = path(resolved);
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".download-", ".tmp");
        try {
            MessageDigest digest = resolved.integrity().newDigest();
            try (InputStream in = new DigestInputStream(body, digest)) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            byte[] actual = digest.digest();
            if (!resolved.integrity().matches(actual)) {
                throw new ArenaException(ExitCode.ENVIRONMENT, "the tarball of " + resolved.coordinates()
                        + " from " + resolved.tarball() + " fails its integrity check (expected " + resolved.integrity()
                        + ", got " + resolved.integrity().sri(actual) + "): the registry or a proxy served other bytes; nothing was kept");
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A file name from a package name or version: the scope's slash and anything unusual become safe characters. */
    static String safe(String name) {
        String safe = name.replace('/', '+').replaceAll("[^A-Za-z0-9._@+-]", "_");
        return safe.startsWith(".") ? "_" + safe : safe;
    }
}
