package dev.arena.agent.cli;

import java.util.Collection;
import java.util.Locale;

/**
 * The C library of a task image, which decides which native build of an agent CLI runs there.
 * Detection is a pure function of what the image shows: its {@code /lib} listing (musl's loader is
 * {@code ld-musl-<arch>.so.1}) or the output of {@code ldd --version} (musl's names itself).
 */
public enum Libc {
    GLIBC,
    MUSL;

    /** Names of the entries of the image's {@code /lib} (file names or full paths). */
    public static Libc fromLibListing(Collection<String> entries) {
        for (String entry : entries) {
            String name = entry.substring(entry.lastIndexOf('/') + 1).trim();
            if (name.startsWith("ld-musl-") || name.startsWith("libc.musl-")) {
                return MUSL;
            }
        }
        return GLIBC;
    }

    /** stdout and stderr of {@code ldd --version} (musl's ldd prints to stderr and exits 1). */
    public static Libc fromLddVersion(String output) {
        return output != null && output.toLowerCase(Locale.ROOT).contains("musl") ? MUSL : GLIBC;
    }

    /** Either sign of musl is enough: an image may lack ldd, or keep its loader outside /lib. */
    public static Libc detect(Collection<String> libEntries, String lddVersionOutput) {
        return fromLibListing(libEntries) == MUSL || fromLddVersion(lddVersionOutput) == MUSL ? MUSL : GLIBC;
    }
}
