package dev.arena.images;

import dev.arena.dataset.Dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run --local --use-prebuilt}: finds each dataset's prebuilt image in a registry by the
 * tag of its current content, and pins the digest the registry holds for it.
 */
public final class PrebuiltLookup {
    private final RegistryClient registry;
    private final String registryPath;

    public PrebuiltLookup(RegistryClient registry, String registryPath) {
        this.registry = registry;
        this.registryPath = registryPath;
    }

    public String registryPath() {
        return registryPath;
    }

    /** Dataset name to {@code repo@sha256:...} for the datasets whose image the registry has. */
    public Map<String, String> pin(List<Dataset> datasets, Map<String, String> buildArgs) {
        Map<String, String> pinned = new LinkedHashMap<>();
        for (Dataset d : datasets) {
            ImageRef ref = ImagePublisher.remoteRef(registryPath, d, buildArgs);
            registry.digest(ref).ifPresent(digest -> pinned.put(d.name(), ref.withDigest(digest).toString()));
        }
        return pinned;
    }
}
