package dev.arena.agent.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LibcTest {
    /** `ls /lib` of alpine:3.20 and of debian:bookworm-slim. */
    private static final List<String> ALPINE_LIB = List.of("apk", "firmware", "ld-musl-x86_64.so.1", "libc.musl-x86_64.so.1",
            "libcrypto.so.3", "libssl.so.3", "libz.so.1", "mdev", "modules-load.d", "sysctl.d");
    private static final List<String> DEBIAN_LIB = List.of("apt", "dpkg", "init", "lsb", "mime", "os-release", "systemd",
            "terminfo", "udev", "x86_64-linux-gnu");

    @Test
    void theMuslLoaderInLibMeansMusl() {
        assertEquals(Libc.MUSL, Libc.fromLibListing(ALPINE_LIB));
        assertEquals(Libc.MUSL, Libc.fromLibListing(List.of("/lib/ld-musl-x86_64.so.1")));
        assertEquals(Libc.GLIBC, Libc.fromLibListing(DEBIAN_LIB));
        assertEquals(Libc.GLIBC, Libc.fromLibListing(List.of()));
    }

    @Test
    void lddVersionOutputNamesTheLibrary() {
        assertEquals(Libc.MUSL, Libc.fromLddVersion("musl libc (x86_64)\nVersion 1.2.5\nDynamic Program Loader\n"));
        assertEquals(Libc.GLIBC, Libc.fromLddVersion("ldd (Debian GLIBC 2.36-9+deb12u10) 2.36\nCopyright (C) 2022 Free Software Foundation, Inc.\n"));
        assertEquals(Libc.GLIBC, Libc.fromLddVersion(null));
    }

    @Test
    void eitherSignIsEnough() {
        assertEquals(Libc.MUSL, Libc.detect(List.of(), "musl libc (x86_64)"));
        assertEquals(Libc.MUSL, Libc.detect(ALPINE_LIB, ""));
        assertEquals(Libc.GLIBC, Libc.detect(DEBIAN_LIB, "ldd (GNU libc) 2.39"));
    }
}
