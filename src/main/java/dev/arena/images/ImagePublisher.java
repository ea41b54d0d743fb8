package dev.arena.images;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.sandbox.ImageRef;
import dev.arena.dataset.BuildContext;
import dev.arena.dataset.Dataset;
import dev.arena.sandbox.DockerEngine;
import dev.arena.sandbox.BuiltImage;
import dev.arena.sandbox.ImageBuildException;
import dev.arena.sandbox.ImageBuilder;
import dev.arena.sandbox.ImageTransfer;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code arena images build}: each dataset's image, built once from the same context as a local
 * run (no {@code tasks/}), for linux/amd64, and optionally pushed to a registry under the local
 * tag's name and content-hash tag. A tag the registry already has is neither built nor pushed.
 */
public final class ImagePublisher {
    public static final String PLATFORM = "linux/amd64";

    private final DockerEngine engine;
    private final RegistryClient registry;

    /** @param registry checks for existing tags; its logins also serve the pushes */
    public ImagePublisher(DockerEngine engine, RegistryClient registry) {
        this.engine = engine;
        this.registry = registry;
    }

    /** What happened to one dataset's image. */
    public enum State { BUILT, REUSED_LOCAL, IN_REGISTRY }

    /**
     * @param reference       {@code registry/arena-task/NAME:TAG} when pushed or found, else the local tag
     * @param digestReference {@code registry/arena-task/NAME@sha256:...}, or null when not pushed
     * @param size            bytes of the local image, or -1 when it was not built here (found in the registry)
     */
    public record Published(String dataset, State state, String reference, String digestReference, long size) {
        /** The digest part alone ({@code sha256:...}), or null. */
        public String digest() {
            return digestReference == null ? null : digestReference.substring(digestReference.indexOf('@') + 1);
        }
    }

    /** Progress of {@link #publishAll}: a dataset started, a line of its build or push, its outcome. */
    public interface Listener {
        void started(Dataset dataset);

        void line(Dataset dataset, String line);

        void finished(Published published, double seconds);
    }

    /** Publishes the datasets one after the other; the first failure stops the rest. */
    public List<Published> publishAll(List<Dataset> datasets, Map<String, String> buildArgs, String registry,
                                                Listener listener) throws InterruptedException {
        List<Published> out = new java.util.ArrayList<>();
        for (Dataset d : datasets) {
            listener.started(d);
            long start = System.nanoTime();
            Published p = publish(d, buildArgs, registry, line -> listener.line(d, line));
            listener.finished(p, (System.nanoTime() - start) / 1e9);
            out.add(p);
        }
        return out;
    }

    /** Where a dataset's image lives in {@code registry}: the local tag under the registry's path. */
    public static ImageRef remoteRef(String registry, Dataset dataset, Map<String, String> buildArgs) {
        return remoteRef(registry, dataset.name(), BuildContext.of(dataset.dir()).contentHash(), buildArgs);
    }

    /** The same, from the content hash of the dataset's build context (a plan holds it). */
    public static ImageRef remoteRef(String registry, String datasetName, String contentHash, Map<String, String> buildArgs) {
        return ImageRef.parse(registry.replaceAll("/+$", "") + "/" + ImageBuilder.tagFor(datasetName, contentHash, buildArgs));
    }

    /**
     * @param registry where to push, or null to build locally only
     * @param log      build and push output, one line at a time
     */
    public Published publish(Dataset dataset, Map<String, String> buildArgs, String registry, Consumer<String> log)
            throws InterruptedException {
        BuildContext context = BuildContext.of(dataset.dir());
        ImageRef remote = registry == null ? null : remoteRef(registry, dataset.name(), context.contentHash(), buildArgs);
        if (remote != null) {
            var found = this.registry.digest(remote);
            if (found.isPresent()) {
                return new Published(dataset.name(), State.IN_REGISTRY, remote.toString(), remote.withDigest(found.get()).toString(), -1);
            }
        }
        BuiltImage image;
        try {
            image = engine.images().ensure(dataset.name(), context, dataset.dir().resolve(Dataset.DOCKERFILE), buildArgs, PLATFORM);
        } catch (ImageBuildException e) {
            // here the image is the whole point, so a failed build is an unusable environment, not a bug
            throw new ArenaException(ExitCode.ENVIRONMENT, dataset.name() + ": " + e.getMessage(), e);
        }
        image.log().lines().filter(l -> !l.isBlank()).forEach(log);
        ImageTransfer transfer = engine.transfer();
        long size = transfer.size(image.tag());
        State state = image.reused() ? State.REUSED_LOCAL : State.BUILT;
        if (remote == null) {
            return new Published(dataset.name(), state, image.tag(), null, size);
        }
        ImageTransfer.Published pushed = transfer.push(image.tag(), remote.repository(), remote.tag(), this.registry.login(remote.host()), log);
        return new Published(dataset.name(), state, pushed.reference(), pushed.digestReference(), size);
    }
}
