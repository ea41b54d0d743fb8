package dev.arena.transfer;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetArchive;
import dev.arena.dataset.Problem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code arena upload}: validates datasets, packs each as an archive and uploads the ones whose
 * content hash the bucket does not already have, then updates the manifest. Where things go is
 * the {@link DatasetCatalog}'s business.
 */
public final class DatasetUploader {
    private final DatasetCatalog catalog;
    private final Function<List<Dataset>, List<Problem>> validation;
    private final TransferListener listener;

    /**
     * @param validation the problems of a set of datasets (the CLI passes {@code ValidationService::validate});
     *                   any problem refuses the whole upload
     */
    public DatasetUploader(DatasetCatalog catalog, Function<List<Dataset>, List<Problem>> validation, TransferListener listener) {
        this.catalog = catalog;
        this.validation = validation;
        this.listener = listener;
    }

    public record Outcome(List<String> uploaded, List<String> unchanged, String location) {
    }

    public Outcome upload(List<Dataset> toUpload) {
        List<Problem> problems = validation.apply(toUpload);
        if (!problems.isEmpty()) {
            throw new ArenaException(ExitCode.PROBLEMS, "refusing to upload datasets with problems: "
                    + String.join("; ", problems.stream().map(Problem::toString).toList()) + " (see `arena validate`)");
        }
        Map<String, DatasetCatalog.Entry> manifest = catalog.readManifest();
        Map<String, DatasetCatalog.Entry> before = Map.copyOf(manifest);
        List<String> uploaded = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (Dataset d : toUpload) {
            Path archive = tempFile(d.name());
            try {
                DatasetArchive.Packed packed = DatasetArchive.pack(d.dir(), archive);
                Optional<String> stored = catalog.storedHash(d.name());
                listener.started(d.name(), packed.size());
                if (stored.isPresent() && stored.get().equals(packed.contentHash())) {
                    unchanged.add(d.name());
                    listener.finished(d.name(), true);
                } else {
                    catalog.putArchive(d.name(), archive, packed.contentHash(), sent -> listener.progress(d.name(), sent, packed.size()));
                    uploaded.add(d.name());
                    listener.finished(d.name(), false);
                }
                DatasetCatalog.Entry old = manifest.get(d.name());
                boolean same = old != null && old.contentHash().equals(packed.contentHash());
                manifest.put(d.name(), new DatasetCatalog.Entry(d.name(), d.tasks().size(), packed.contentHash(), packed.size(),
                        same ? old.uploadedAt() : Instant.now(), same ? old.image() : null, same ? old.imageDigest() : null));
            } finally {
                archive.toFile().delete();
            }
        }
        if (!manifest.equals(before)) { // an upload of unchanged datasets writes nothing at all
            catalog.writeManifest(manifest);
        }
        return new Outcome(uploaded, unchanged, catalog.location());
    }

    private static Path tempFile(String name) {
        try {
            return Files.createTempFile("arena-" + name + "-", ".tar.gz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
