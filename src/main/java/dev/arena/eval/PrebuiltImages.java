package dev.arena.eval;

import dev.arena.sandbox.ImageRef;
import dev.arena.sandbox.RegistryLogin;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a run takes its images from: built from each dataset ({@link #NONE}), or pulled by the
 * digest the plan pinned, building from the dataset only for a dataset without one.
 *
 * @param references dataset name to {@code repo@sha256:...}
 * @param logins     the credentials for a registry host, or null for anonymous pulls
 */
public record PrebuiltImages(boolean enabled, Map<String, String> references, Function<String, RegistryLogin> logins) {
    public static final PrebuiltImages NONE = new PrebuiltImages(false, Map.of(), host -> null);

    public PrebuiltImages {
        references = Map.copyOf(references);
    }

    public Optional<String> reference(String dataset) {
        return Optional.ofNullable(references.get(dataset));
    }

    public RegistryLogin login(String reference) {
        return logins.apply(ImageRef.parse(reference).host());
    }
}
