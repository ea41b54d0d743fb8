package dev.arena.images;

import dev.arena.dataset.BuildContext;
import dev.arena.dataset.Dataset;
import dev.arena.sandbox.DockerEngine;
import dev.arena.sandbox.ImageBuilder;
import dev.arena.sandbox.ImageTransfer;
import dev.arena.sandbox.RegistryLogin;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code arena images build}: each dataset's image, built once from the same context as a local
 * run (no {@code tasks/}), for linux/amd64, and optionally pushed to a registry under the local
 * tag's name and content-hash tag. A tag the registry already has is neither built nor pushed.
 */
public final class ImagePublisher {
    public static final String PLATFORM = "linux/amd64";

    private final DockerEngine engine;
    private final RegistryClient registry;
    private final Function<String, RegistryLogin> logins;

    public ImagePublisher(DockerEngine engine, RegistryClient registry, Function<String, RegistryLogin> logins) {
        this.engine = engine;
        this.registry = registry;
        this.logins = logins;
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
        return ImageRef.parse(registry.replaceAll("/+$", "") + "/" + localTag(dataset, buildArgs));
    }

    public static String localTag(Dataset dataset, Map<String, String> buildArgs) {
        return ImageBuilder.tagFor(dataset.name(), BuildContext.of(dataset.dir()).contentHash(), buildArgs);
    }

    /**
     * @param registry where to push, or null to build locally only
     * @param log      build and push output, one line at a time
     */
    public Published publish(Dataset dataset, Map<String, String> buildArgs, String registry, Consumer<String> log)
            throws InterruptedException {
        if (registry != null) {
            ImageRef remote = remoteRef(registry, dataset, buildArgs);
            var found = this.registry.digest(remote);
            if (found.isPresent()) {
                return new Published(dataset.name(), State.IN_REGISTRY, remote.toString(), remote.withDigest(found.get()).toString(), -1);
            }
        }
        BuildContext context = BuildContext.of(dataset.dir());
        ImageBuilder.BuiltImage image = engine.images().ensure(dataset.name(), context,
                dataset.dir().resolve(Dataset.DOCKERFILE), buildArgs, PLATFORM);
        image.log().lines().filter(l -> !l.isBlank()).forEach(log);
        ImageTransfer transfer = engine.transfer();
        long size = transfer.size(image.tag());
        State state = image.reused() ? State.REUSED_LOCAL : State.BUILT;
        if (registry == null) {
            return new Published(dataset.name(), state, image.tag(), null, size);
        }
        ImageRef remote = remoteRef(registry, dataset, buildArgs);
        ImageTransfer.Published pushed = transfer.push(image.tag(), remote.repository(), remote.tag(), logins.apply(remote.host()), log);
        return new Published(dataset.name(), state, pushed.reference(), pushed.digestReference(), size);
    }
}
