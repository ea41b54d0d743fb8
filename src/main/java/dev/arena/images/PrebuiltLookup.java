package dev.arena.images;

import dev.arena.sandbox.ImageRef;

import java.util.LinkedHashMap;
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

    /**
     * @param contentHashes dataset name to the content hash of its build context, as the plan holds it
     * @return dataset name to {@code repo@sha256:...}, for the datasets whose image the registry has
     */
    public Map<String, String> pin(Map<String, String> contentHashes, Map<String, String> buildArgs) {
        Map<String, String> pinned = new LinkedHashMap<>();
        contentHashes.forEach((name, hash) -> {
            ImageRef ref = ImagePublisher.remoteRef(registryPath, name, hash, buildArgs);
            registry.digest(ref).ifPresent(digest -> pinned.put(name, ref.withDigest(digest).toString()));
        });
        return pinned;
    }
}
