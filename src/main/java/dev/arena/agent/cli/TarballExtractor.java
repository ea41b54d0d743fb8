package dev.arena.agent.cli;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Takes one executable out of an npm tarball. The whole archive is read: an entry that is absolute
 * or climbs out with {@code ..}, or a second entry under the executable's name (tar lets the last
 * one win), marks a tarball nobody should run, so the tarball is refused rather than worked around.
 * The executable must be a regular file (a link could point anywhere on the host).
 */
final class TarballExtractor {
    private TarballExtractor() {
    }

    /** The executable of {@code coordinates} out of its tarball, into {@code destinationDir} under its own file name. */
    static Path executable(Path tarball, NpmCoordinates coordinates, Path destinationDir) {
        String path = coordinates.executablePath();
        Path destination = destinationDir.resolve(path.substring(path.lastIndexOf('/') + 1));
        try {
            return extract(tarball, path, destination, coordinates.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes the entry {@code entryPath} of {@code tarball} to {@code destination} (mode 755, atomically). */
    static Path extract(Path tarball, String entryPath, Path destination, String what) throws IOException {
        Path parent = destination.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, ".extract-", ".tmp");
        boolean found = false;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarball));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = normalise(entry.getName());
                if (escapes(name)) {
                    throw refused(what, "its entry '" + entry.getName() + "' points outside the package folder");
                }
                if (!name.equals(entryPath)) {
                    continue;
                }
                if (found) {
                    throw refused(what, "it holds '" + entryPath + "' twice");
                }
                if (!regularFile(entry)) {
                    throw refused(what, "'" + entryPath + "' is not a regular file");
                }
                Files.copy(tar, temp, StandardCopyOption.REPLACE_EXISTING);
                found = true;
            }
            if (!found) {
                throw new ArenaException(ExitCode.ENVIRONMENT, "the tarball of " + what + " has no '" + entryPath
                        + "': the package layout changed; choose another version");
            }
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(temp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return destination;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** By the type flag itself: commons-compress's isFile() is also true for links and devices. */
    private static boolean regularFile(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarArchiveEntry.LF_NORMAL || flag == TarArchiveEntry.LF_OLDNORM || flag == TarArchiveEntry.LF_CONTIG;
    }

    private static String normalise(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        return n;
    }

    static boolean escapes(String name) {
        if (name.startsWith("/") || name.contains("\\") || name.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static ArenaException refused(String what, String why) {
        return new ArenaException(ExitCode.ENVIRONMENT, "refusing the tarball of " + what + ": " + why);
    }
}
