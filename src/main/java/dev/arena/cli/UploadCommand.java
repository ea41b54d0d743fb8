package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.dataset.Dataset;
import dev.arena.run.ValidationService;
import dev.arena.store.Stores;
import dev.arena.transfer.DatasetUploader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "upload", aliases = "upload-datasets", mixinStandardHelpOptions = true,
        description = "Validate datasets and upload each as gs://BUCKET/datasets/NAME.tar.gz, skipping unchanged ones.")
final class UploadCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DATASETS_DIR", arity = "0..1",
            description = "A folder of datasets, or one dataset (default: datasets/ if it exists, else examples/datasets/).")
    Path dir;

    @Option(names = "--datasets", split = ",", paramLabel = "NAME", description = "Only these datasets, comma-separated.")
    List<String> names = new ArrayList<>();

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        String bucket = store.requireBucket();
        Path source = dir != null ? dir : new LocalRunOptions().datasetsDir();
        List<Dataset> all = ValidationService.datasetsIn(List.of(source));
        List<Dataset> chosen = names.isEmpty() ? all : names.stream().map(n -> all.stream().filter(d -> d.name().equals(n)).findFirst()
                .orElseThrow(() -> ArenaException.usage("unknown dataset '" + n + "' in " + source))).toList();
        DatasetUploader.Outcome outcome = new DatasetUploader(Stores.gcs(bucket, Stores.DATASETS_PREFIX), new TransferPrinter(System.err))
                .upload(chosen);
        System.out.printf("Uploaded %d datasets to %s (%d unchanged)%n", outcome.uploaded().size(), outcome.location(),
                outcome.unchanged().size());
        return 0;
    }
}
