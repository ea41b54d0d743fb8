package dev.arena.agent.cli;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.store.ArtifactStore;
import dev.arena.store.StoredObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Agent CLI tarballs through the run's bucket, for pods that must not reach npm. The operator's
 * {@code arena run} {@linkplain #publish publishes} every build of the run's CLI: fetched from the
 * registry and checked against its integrity hash (the {@link NpmFetcher}), uploaded under a name
 * derived from package, version and hash (once: a later run finds it there), and pinned in
 * run.json with that hash. In the pod, an instance hands out those tarballs: downloaded from the
 * bucket and checked against the pinned hash, since anyone who may create objects in the bucket
 * (pods among them) could have put other bytes under the name first.
 */
public final class BucketTarballs implements TarballSource {
    private final ArtifactStore agents;
    private final List<AgentTarball> pinned;
    private final TarballCache cache;

    /**
     * @param agents   the bucket under its agents/ prefix
     * @param pinned   the run plan's tarballs
     * @param cacheDir where downloaded tarballs are kept for the pod's life
     */
    public BucketTarballs(ArtifactStore agents, List<AgentTarball> pinned, Path cacheDir) {
        this.agents = agents;
        this.pinned = List.copyOf(pinned);
        this.cache = new TarballCache(cacheDir);
    }

    /**
     * What {@link #publish} does with each build, for whoever shows it: a build may be hundreds
     * of MB (Claude Code's is about 400 MB per C library), so the operator hears of each upload
     * before it starts.
     */
    public interface PublishListener {
        PublishListener NONE = new PublishListener() {
        };

        /** {@code bytes} of {@code tarball} are about to go to {@code location}. */
        default void uploading(AgentTarball tarball, long bytes, String location) {
        }

        /** {@code location} already holds the same bytes: nothing is uploaded. */
        default void alreadyThere(AgentTarball tarball, long bytes, String location) {
        }
    }

    /** As {@link #publish(AgentPackage, String, NpmFetcher, ArtifactStore, PublishListener)}, telling no one. */
    public static List<AgentTarball> publish(AgentPackage agent, String version, NpmFetcher npm, ArtifactStore agents) {
        return publish(agent, version, npm, agents, PublishListener.NONE);
    }

    /**
     * Fetches every build of {@code agent} at {@code version} (null: its pinned default) from npm
     * and uploads what the bucket does not have yet, telling {@code listener} of each; returns the
     * pins for run.json.
     */
    public static List<AgentTarball> publish(AgentPackage agent, String version, NpmFetcher npm, ArtifactStore agents,
                                             PublishListener listener) {
        List<PlatformBuild> builds = agent.builds().values().stream().distinct()
                .sorted(Comparator.comparing(PlatformBuild::packageName)).toList();
        return builds.stream().map(build -> {
            ResolvedPackage resolved = npm.resolve(build.at(version == null || version.isBlank() ? agent.defaultVersion() : version));
            Path file = npm.tarball(resolved);
            AgentTarball pin = AgentTarball.of(resolved);
            long bytes = size(file);
            if (alreadyThere(agents.stat(pin.key()), file)) {
                listener.alreadyThere(pin, bytes, agents.locate(pin.key()));
            } else {
                listener.uploading(pin, bytes, agents.locate(pin.key()));
                agents.upload(pin.key(), file, Map.of("integrity", pin.integrity()), sent -> { });
            }
            return pin;
        }).toList();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same size and, where the store keeps one, the same MD5: uploading again would change nothing. */
    private static boolean alreadyThere(Optional<StoredObject> stored, Path file) {
        try {
            if (stored.isEmpty() || stored.get().size() != Files.size(file)) {
                return false;
            }
            return stored.get().md5Hex() == null || stored.get().md5Hex().equalsIgnoreCase(md5Hex(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String md5Hex(Path file) throws IOException {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void check(NpmCoordinates coordinates) {
        pin(coordinates);
    }

    @Override
    public Path tarball(NpmCoordinates coordinates) {
        AgentTarball pin = pin(coordinates);
        String where = agents.locate(pin.key());
        ResolvedPackage resolved = new ResolvedPackage(coordinates, URI.create(where.replace(" ", "%20")), pin.expected());
        Optional<Path> cached = cache.verified(resolved);
        if (cached.isPresent()) {
            return cached.get();
        }
        try {
            Path download = cache.tempFile(resolved);
            if (!agents.download(pin.key(), download)) {
                Files.deleteIfExists(download);
                throw new ArenaException(ExitCode.ENVIRONMENT, "the tarball of " + coordinates + " is not at " + where
                        + "; start the run again, which uploads it");
            }
            return cache.adopt(resolved, download, "in the bucket at " + where);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AgentTarball pin(NpmCoordinates coordinates) {
        return pinned.stream().filter(p -> p.pins(coordinates)).findFirst().orElseThrow(() -> ArenaException.usage(
                "run.json pins no tarball of " + coordinates + "; start the run again with this arena, which pins it"));
    }
}
