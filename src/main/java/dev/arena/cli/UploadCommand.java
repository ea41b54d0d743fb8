package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.config.BuildArgs;
import dev.arena.config.Settings;
import dev.arena.dataset.Dataset;
import dev.arena.images.RegistryCredentials;
import dev.arena.images.ImagePublisher;
import dev.arena.images.RegistryClient;
import dev.arena.sandbox.DockerEngine;
import dev.arena.run.ValidationService;
import dev.arena.store.Stores;
import dev.arena.transfer.DatasetCatalog;
import dev.arena.transfer.DatasetUploader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "upload", aliases = "upload-datasets", mixinStandardHelpOptions = true,
        description = {"Validate datasets and upload them to the bucket.",
            "Each dataset goes to gs://BUCKET/datasets/NAME.tar.gz; unchanged ones are skipped."})
final class UploadCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DATASETS_DIR", arity = "0..1",
            description = "A folder of datasets, or one dataset (default: datasets/ if it exists, else examples/datasets/).")
    Path dir;

    @Option(names = "--datasets", split = ",", paramLabel = "NAME", description = "Only these datasets, comma-separated.")
    List<String> names = new ArrayList<>();

    @Mixin
    StoreOptions store;

    @Option(names = "--build-images", description = "Also build each dataset's image, push it (see `arena images build`) and"
            + " record its reference and digest in the manifest, so cluster runs pull it instead of building it in every pod.")
    boolean buildImages;

    @Option(names = "--registry", paramLabel = "PATH", description = "With --build-images: where to push (default: $"
            + Settings.REGISTRY_ENV + ", then the settings file).")
    String registry;

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE", description = "With --build-images: a build argument (also $ARENA_BUILD_ARGS).")
    List<String> buildArgs = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        String bucket = store.requireBucket();
        Path source = dir != null ? dir : new LocalRunOptions().datasetsDir();
        List<Dataset> all = ValidationService.datasetsIn(List.of(source));
        List<Dataset> chosen = names.isEmpty() ? all : names.stream().map(n -> all.stream().filter(d -> d.name().equals(n)).findFirst()
                .orElseThrow(() -> ArenaException.usage("unknown dataset '" + n + "' in " + source))).toList();
        String pushTo = null;
        if (buildImages) { // checked before any upload, so a missing registry costs nothing
            pushTo = Settings.load().get(Settings.Key.REGISTRY, registry);
            if (pushTo == null) {
                throw ArenaException.usage("--build-images needs a registry: pass --registry HOST/PATH, set "
                        + Settings.REGISTRY_ENV + " or run `arena setup`");
            }
        }
        DatasetCatalog catalog = new DatasetCatalog(Stores.gcs(bucket, Stores.DATASETS_PREFIX));
        DatasetUploader.Outcome outcome = new DatasetUploader(catalog, ValidationService::validate, new TransferPrinter(System.err))
                .upload(chosen);
        System.out.printf("Uploaded %d datasets to %s (%d unchanged)%n", outcome.uploaded().size(), outcome.location(),
                outcome.unchanged().size());
        if (buildImages) {
            Map<String, DatasetCatalog.Image> images = new LinkedHashMap<>();
            try (DockerEngine engine = DockerEngine.connect()) {
                new ImagePublisher(engine, new RegistryClient(RegistryCredentials::forRepository))
                        .publishAll(chosen, BuildArgs.resolve(System.getenv(BuildArgs.ENV), buildArgs), pushTo,
                                new ImageBuildPrinter(System.out, System.err))
                        .forEach(p -> images.put(p.dataset(), new DatasetCatalog.Image(p.reference(), p.digest())));
            }
            catalog.recordImages(images);
            System.out.printf("Recorded %d image(s) in %s%n", images.size(), catalog.manifestLocation());
        }
        return 0;
    }
}
