package dev.arena.cli;

import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where local runs read datasets. */
final class LocalRunOptions {
    static final Path DEFAULT_DATASETS = Path.of("datasets");
    static final Path BUNDLED_DATASETS = Path.of("examples", "datasets");

    @Option(names = "--datasets-dir", paramLabel = "DIR",
            description = "Folder of datasets (default: datasets/ if it exists, else the bundled examples/datasets/).")
    Path datasetsDir;

    Path datasetsDir() {
        if (datasetsDir != null) {
            return datasetsDir;
        }
        return Files.isDirectory(DEFAULT_DATASETS) ? DEFAULT_DATASETS : BUNDLED_DATASETS;
    }
}
