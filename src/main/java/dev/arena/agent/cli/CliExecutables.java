package dev.arena.agent.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CLI executables this process has extracted: a Claude Code executable is about 400 MB, and
 * an agent is made per attempt, so the extracted files are kept for the whole process (not per
 * instance), one per verified tarball, and every attempt of a run copies the same file into its
 * sandbox instead of unpacking it again. The tarball is asked of its {@link TarballSource} (the
 * npm registry locally, the run's bucket in a pod) on every use, which checks its hash each time.
 */
final class CliExecutables {
    private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

    private final TarballSource tarballs;

    CliExecutables(TarballSource tarballs) {
        this.tarballs = tarballs;
    }

    TarballSource tarballs() {
        return tarballs;
    }

    /** The executable of {@code agent} at {@code version} for {@code libc}, extracted on first use in this process. */
    Path get(AgentPackage agent, String version, Libc libc) {
        NpmCoordinates coordinates = agent.coordinates(version, libc);
        Path tarball = tarballs.tarball(coordinates).toAbsolutePath();
        // the cached tarball's name carries its hash, so one name is one content
        return EXTRACTED.compute(coordinates + " " + tarball, (key, known) -> {
            if (known != null && Files.isRegularFile(known)) {
                return known;
            }
            try {
                Path dir = Files.createTempDirectory("arena-" + agent.name() + "-");
                dir.toFile().deleteOnExit();
                Path executable = TarballExtractor.executable(tarball, coordinates, dir);
                executable.toFile().deleteOnExit();
                return executable;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
