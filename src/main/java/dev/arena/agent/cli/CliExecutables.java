package dev.arena.agent.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CLI executables this process has extracted, one per package, version and C library: a
 * Claude Code executable is about 400 MB, so every attempt of a run copies the same extracted
 * file into its sandbox instead of unpacking the (cached, hash-checked) tarball again.
 * The tarballs come from the npm registry locally and from the run's bucket in a pod ({@link TarballSource}).
 */
final class CliExecutables {
    private final TarballSource tarballs;
    private final Map<String, Path> extracted = new ConcurrentHashMap<>();

    CliExecutables(TarballSource tarballs) {
        this.tarballs = tarballs;
    }

    TarballSource tarballs() {
        return tarballs;
    }

    /** The executable of {@code agent} at {@code version} for {@code libc}, fetched and extracted on first use. */
    Path get(AgentPackage agent, String version, Libc libc) {
        NpmCoordinates coordinates = agent.coordinates(version, libc);
        return extracted.computeIfAbsent(coordinates + " " + libc, key -> {
            try {
                Path dir = Files.createTempDirectory("arena-" + agent.name() + "-");
                dir.toFile().deleteOnExit();
                Path executable = TarballExtractor.executable(tarballs.tarball(coordinates), coordinates, dir);
                executable.toFile().deleteOnExit();
                return executable;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
