package dev.arena.cli;

import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where local runs read datasets and write results. */
final class LocalRunOptions {
    static final Path DEFAULT_DATASETS = Path.of("datasets");
    static final Path BUNDLED_DATASETS = Path.of("examples", "datasets");

    @Option(names = "--datasets-dir", paramLabel = "DIR",
            description = "Folder of datasets (default: datasets/ if it exists, else the bundled examples/datasets/).")
    Path datasetsDir;

    @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "runs", description = "Folder of runs (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    Path datasetsDir() {
        if (datasetsDir != null) {
            return datasetsDir;
        }
        return Files.isDirectory(DEFAULT_DATASETS) ? DEFAULT_DATASETS : BUNDLED_DATASETS;
    }

    Path runsDir() {
        return runsDir;
    }

    /** The command that continues a run, with --runs-dir only when it is not the default. */
    String resumeHint(String runId) {
        return "./arena.sh run --local --resume " + runId + (runsDir.equals(Path.of("runs")) ? "" : " --runs-dir " + runsDir);
    }
}
