package dev.arena.transfer;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetArchive;
import dev.arena.dataset.Problem;
import dev.arena.run.ValidationService;
import dev.arena.sandbox.ImageRef;
import dev.arena.store.ArtifactStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code arena upload}: validates datasets, packs each as {@code <name>.tar.gz} and uploads the
 * ones whose content hash the store does not already have, then updates {@code manifest.json}.
 * The store is rooted at the bucket's {@code datasets/} folder.
 */
public final class DatasetUploader {
    public static final String HASH_METADATA = "arena-content-hash";
    public static final String MANIFEST = "manifest.json";

    private final ArtifactStore datasets;
    private final TransferListener listener;

    public DatasetUploader(ArtifactStore datasets, TransferListener listener) {
        this.datasets = datasets;
        this.listener = listener;
    }

    /**
     * One line of the manifest. {@code image} ({@code repo:tag}) and {@code imageDigest}
     * ({@code sha256:...}) name the dataset's prebuilt image; null when none was built for
     * this content (a changed dataset drops the old one).
     */
    public record Entry(String name, int tasks, String contentHash, long size, Instant uploadedAt, String image, String imageDigest) {
        public Entry withImage(String reference, String digest) {
            return new Entry(name, tasks, contentHash, size, uploadedAt, reference, digest);
        }

        /** {@code repo@sha256:...}, or null without an image. */
        public String imageDigestReference() {
            return image == null || imageDigest == null ? null : ImageRef.parse(image).withDigest(imageDigest).toString();
        }
    }

    /** A pushed image: {@code repo:tag} and its {@code sha256:...} digest. */
    public record Image(String reference, String digest) {
    }

    public record Outcome(List<String> uploaded, List<String> unchanged, String location) {
    }

    public static String key(String datasetName) {
        return datasetName + ".tar.gz";
    }

    public Outcome upload(List<Dataset> toUpload) {
        List<Problem> problems = ValidationService.validate(toUpload);
        if (!problems.isEmpty()) {
            throw new ArenaException(ExitCode.PROBLEMS, "refusing to upload datasets with problems: "
                    + String.join("; ", problems.stream().map(Problem::toString).toList()) + " (see `arena validate`)");
        }
        Map<String, Entry> manifest = readManifest();
        Map<String, Entry> before = Map.copyOf(manifest);
        List<String> uploaded = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (Dataset d : toUpload) {
            Path archive = tempFile(d.name());
            try {
                DatasetArchive.Packed packed = DatasetArchive.pack(d.dir(), archive);
                Optional<String> stored = datasets.stat(key(d.name())).map(o -> o.metadata().get(HASH_METADATA));
                listener.started(d.name(), packed.size());
                if (stored.isPresent() && stored.get().equals(packed.contentHash())) {
                    unchanged.add(d.name());
                    listener.finished(d.name(), true);
                } else {
                    datasets.upload(key(d.name()), archive, Map.of(HASH_METADATA, packed.contentHash()),
                            sent -> listener.progress(d.name(), sent, packed.size()));
                    uploaded.add(d.name());
                    listener.finished(d.name(), false);
                }
                Entry old = manifest.get(d.name());
                boolean same = old != null && old.contentHash().equals(packed.contentHash());
                manifest.put(d.name(), new Entry(d.name(), d.tasks().size(), packed.contentHash(), packed.size(),
                        same ? old.uploadedAt() : Instant.now(), same ? old.image() : null, same ? old.imageDigest() : null));
            } finally {
                archive.toFile().delete();
            }
        }
        if (!manifest.equals(before)) { // an upload of unchanged datasets writes nothing at all
            writeManifest(manifest);
        }
        return new Outcome(uploaded, unchanged, datasets.locate(""));
    }

    /**
     * Records each dataset's prebuilt image in the
     * manifest; datasets not uploaded yet are refused, an unchanged record writes nothing.
     */
    public void recordImages(Map<String, Image> images) {
        Map<String, Entry> manifest = readManifest();
        Map<String, Entry> before = Map.copyOf(manifest);
        images.forEach((name, image) -> {
            Entry e = manifest.get(name);
            if (e == null) {
                throw ArenaException.usage("dataset " + name + " is not in " + datasets.locate(MANIFEST) + "; upload it first");
            }
            manifest.put(name, e.withImage(image.reference(), image.digest()));
        });
        if (!manifest.equals(before)) {
            writeManifest(manifest);
        }
    }

    /** Dataset name to {@code repo@sha256:...}: the images `upload --build-images` recorded. */
    public Map<String, String> recordedImages() {
        return recordedImages(readManifest());
    }

    /** The same, of a manifest already read. */
    public static Map<String, String> recordedImages(Map<String, Entry> manifest) {
        Map<String, String> images = new TreeMap<>();
        manifest.forEach((name, entry) -> {
            if (entry.imageDigestReference() != null) {
                images.put(name, entry.imageDigestReference());
            }
        });
        return images;
    }

    /** The manifest as stored, by dataset name (empty when there is none yet). */
    public Map<String, Entry> readManifest() {
        return datasets.get(MANIFEST).map(bytes -> {
            try {
                List<Entry> entries = Json.mapper().readValue(bytes, new TypeReference<List<Entry>>() { });
                Map<String, Entry> byName = new TreeMap<>();
                entries.forEach(e -> byName.put(e.name(), e));
                return byName;
            } catch (IOException e) {
                throw new ArenaException(ExitCode.ENVIRONMENT, "cannot read " + datasets.locate(MANIFEST) + ": " + e.getMessage());
            }
        }).orElseGet(TreeMap::new);
    }

    private void writeManifest(Map<String, Entry> manifest) {
        try {
            datasets.put(MANIFEST, Json.mapper().writeValueAsBytes(List.copyOf(manifest.values())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempFile(String name) {
        try {
            return Files.createTempFile("arena-" + name + "-", ".tar.gz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
