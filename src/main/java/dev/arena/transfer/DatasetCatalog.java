package dev.arena.transfer;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.sandbox.ImageRef;
import dev.arena.store.ArtifactStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The one owner of the bucket's datasets folder: where a dataset's archive lives and what
 * {@code manifest.json} says. Everything that reads or writes the folder (upload, the pod, the run
 * preflight, doctor) goes through here. The store is rooted at the folder ({@code datasets/}):
 * <pre>
 * datasets/
 * ├── manifest.json      [Entry, ...] sorted by name (name, tasks, content_hash, size, uploaded_at, image, image_digest)
 * └── NAME.tar.gz        the dataset as DatasetArchive packs it; object metadata arena-content-hash
 * </pre>
 */
public final class DatasetCatalog {
    public static final String HASH_METADATA = "arena-content-hash";
    public static final String MANIFEST = "manifest.json";

    private final ArtifactStore datasets;

    /** @param datasets a store rooted at the datasets folder */
    public DatasetCatalog(ArtifactStore datasets) {
        this.datasets = datasets;
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

    /** The key of a dataset's archive, relative to the datasets folder. */
    public static String key(String datasetName) {
        return datasetName + ".tar.gz";
    }

    /** Where a dataset's archive is, for messages (the store says how: a bucket URL or a file path). */
    public String locate(String datasetName) {
        return datasets.locate(key(datasetName));
    }

    /** Where the folder is, for messages. */
    public String location() {
        return datasets.locate("");
    }

    public String manifestLocation() {
        return datasets.locate(MANIFEST);
    }

    public boolean has(String datasetName) {
        return datasets.exists(key(datasetName));
    }

    /** The content hash recorded on the stored archive, if there is one. */
    public Optional<String> storedHash(String datasetName) {
        return datasets.stat(key(datasetName)).map(o -> o.metadata().get(HASH_METADATA));
    }

    /** Stores a packed archive under the dataset's key, with its content hash. */
    public void putArchive(String datasetName, Path archive, String contentHash, LongConsumer bytesSent) {
        datasets.upload(key(datasetName), archive, Map.of(HASH_METADATA, contentHash), bytesSent);
    }

    /** Downloads a dataset's archive to a file; false when it is not in the folder. */
    public boolean downloadArchive(String datasetName, Path target) {
        return datasets.download(key(datasetName), target);
    }

    /**
     * The manifest as stored, by dataset name; empty when there is none yet.
     *
     * @throws ArenaException ({@link ExitCode#ENVIRONMENT}) when it is there but cannot be read as a manifest
     */
    public Optional<Map<String, Entry>> manifest() {
        return datasets.get(MANIFEST).map(bytes -> {
            try {
                List<Entry> entries = Json.mapper().readValue(bytes, new TypeReference<List<Entry>>() { });
                Map<String, Entry> byName = new TreeMap<>();
                entries.forEach(e -> byName.put(e.name(), e));
                return byName;
            } catch (IOException e) {
                throw new UnreadableManifest("cannot read " + manifestLocation() + ": " + e.getMessage(), e);
            }
        });
    }

    /** The manifest as stored, by dataset name (empty when there is none yet). */
    public Map<String, Entry> readManifest() {
        return manifest().orElseGet(TreeMap::new);
    }

    /** Writes the manifest: its entries in name order, as a JSON array. */
    public void writeManifest(Map<String, Entry> manifest) {
        try {
            datasets.put(MANIFEST, Json.mapper().writeValueAsBytes(List.copyOf(new TreeMap<>(manifest).values())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records each dataset's prebuilt image in the manifest; datasets not uploaded yet are
     * refused, an unchanged record writes nothing.
     */
    public void recordImages(Map<String, Image> images) {
        Map<String, Entry> manifest = readManifest();
        Map<String, Entry> before = Map.copyOf(manifest);
        images.forEach((name, image) -> {
            Entry e = manifest.get(name);
            if (e == null) {
                throw ArenaException.usage("dataset " + name + " is not in " + manifestLocation() + "; upload it first");
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

    /** The manifest is there but is not a list of entries. */
    public static final class UnreadableManifest extends ArenaException {
        UnreadableManifest(String message, Throwable cause) {
            super(ExitCode.ENVIRONMENT, message, cause);
        }
    }
}
