package dev.arena.gcp;

import dev.arena.gcp.Check.Outcome;
import dev.arena.images.RegistryClient;
import dev.arena.transfer.DatasetCatalog;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * `arena doctor`'s look at prebuilt task images: every image the dataset manifest records (what a
 * cluster run will pin) must be in its registry. Datasets without a record are fine, their pods
 * build; the check names them so the operator knows.
 */
final class TaskImagesCheck implements Check {
    private final Supplier<DatasetCatalog> datasets;
    private final RegistryClient registry;

    /** @param datasets the bucket's datasets/ folder, opened when the check runs */
    TaskImagesCheck(Supplier<DatasetCatalog> datasets, RegistryClient registry) {
        this.datasets = datasets;
        this.registry = registry;
    }

    @Override
    public String name() {
        return "task images";
    }

    @Override
    public Outcome run() {
        Map<String, DatasetCatalog.Entry> manifest = datasets.get().readManifest();
        Map<String, String> recorded = DatasetCatalog.recordedImages(manifest);
        List<String> without = manifest.keySet().stream().filter(name -> !recorded.containsKey(name)).toList();
        List<String> missing = registry.missing(recorded);
        int present = recorded.size() - missing.size();
        String builtInPods = without.isEmpty() ? "" : "; built in each pod: " + String.join(", ", without);
        if (!missing.isEmpty()) {
            return Outcome.fail("missing from the registry: " + String.join(", ", missing) + builtInPods,
                    "arena upload --build-images");
        }
        return Outcome.ok(present + " in the registry" + builtInPods);
    }
}
