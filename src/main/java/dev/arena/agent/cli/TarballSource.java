package dev.arena.agent.cli;

import java.nio.file.Path;

/**
 * Where an agent CLI's package tarballs come from, each checked against its integrity hash before
 * it is handed out: the npm registry on the operator's machine ({@link NpmFetcher}), the run's
 * bucket in a pod ({@link BucketTarballs}, pinned by run.json).
 */
public interface TarballSource {
    /** The tarball of {@code coordinates} on local disk, its hash checked. */
    Path tarball(NpmCoordinates coordinates);

    /** Fails now, with one line, when {@code coordinates} cannot be had (an unknown version, a tarball failing its hash, a build not pinned). */
    void check(NpmCoordinates coordinates);
}
