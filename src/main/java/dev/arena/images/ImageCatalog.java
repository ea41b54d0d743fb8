package dev.arena.images;

import dev.arena.sandbox.ImageRef;
import dev.arena.dataset.Dataset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code arena images list} and {@code prune}: the images of each dataset in a registry, newest
 * first, and the deletion of all but the newest few. The image of the dataset's current content
 * is never pruned, whatever its age.
 */
public final class ImageCatalog {
    private final RegistryClient registry;

    public ImageCatalog(RegistryClient registry) {
        this.registry = registry;
    }

    /** One image of a dataset; {@code current} when its tag is that of the dataset's content now. */
    public record Listed(String dataset, String reference, String digest, Instant created, boolean current) {
    }

    /** The dataset's images in {@code registryPath}, newest first (unknown build times last). */
    public List<Listed> list(String registryPath, Dataset dataset, Map<String, String> buildArgs) {
        ImageRef current = ImagePublisher.remoteRef(registryPath, dataset, buildArgs);
        List<Listed> out = new ArrayList<>();
        for (String tag : registry.tags(current.host(), current.path())) {
            ImageRef ref = new ImageRef(current.host(), current.path(), tag, null);
            var digest = registry.digest(ref);
            if (digest.isEmpty()) {
                continue; // a tag whose manifest was just deleted
            }
            out.add(new Listed(dataset.name(), ref.toString(), digest.get(), registry.created(ref), tag.equals(current.tag())));
        }
        out.sort(Comparator.comparing(Listed::created, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    /**
     * Deletes all but the newest {@code keep} images of the dataset (and never the current one).
     *
     * @return the images deleted, or that would be with {@code dryRun}
     */
    public List<Listed> prune(String registryPath, Dataset dataset, Map<String, String> buildArgs, int keep, boolean dryRun) {
        List<Listed> all = list(registryPath, dataset, buildArgs);
        List<Listed> doomed = new ArrayList<>();
        List<String> keptDigests = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Listed l = all.get(i);
            if (i < keep || l.current()) {
                keptDigests.add(l.digest());
            } else {
                doomed.add(l);
            }
        }
        // a digest can carry several tags; deleting it would take a kept tag with it
        doomed.removeIf(l -> keptDigests.contains(l.digest()));
        if (!dryRun) {
            for (Listed l : doomed) {
                ImageRef ref = ImageRef.parse(l.reference());
                registry.delete(ref.host(), ref.path(), l.digest());
            }
        }
        return doomed;
    }
}
