package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.config.BuildArgs;
import dev.arena.config.Settings;
import dev.arena.dataset.Dataset;
import dev.arena.images.RegistryCredentials;
import dev.arena.images.ImageCatalog;
import dev.arena.images.ImagePublisher;
import dev.arena.images.RegistryClient;
import dev.arena.run.ValidationService;
import dev.arena.sandbox.DockerEngine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "images", mixinStandardHelpOptions = true,
        description = {"Build, push, list and prune prebuilt task images.",
            "Each dataset's image is built once, pushed to a registry and pulled by every pod (and by"
                + " `run --local --use-prebuilt`) instead of being rebuilt per task."},
        subcommands = {ImagesCommand.Build.class, ImagesCommand.ListImages.class, ImagesCommand.Prune.class})
final class ImagesCommand {

    /** Which datasets, where they are, where their images go. */
    static final class Target {
        @ArgGroup(exclusive = true)
        Selection selection;

        static final class Selection {
            @Option(names = "--all-datasets", description = "Every dataset in the datasets folder (the default).")
            boolean all;

            @Option(names = "--datasets", split = ",", paramLabel = "NAME", description = "Only these datasets, comma-separated.")
            List<String> names;
        }

        @Mixin
        LocalRunOptions folder;

        @Option(names = "--registry", paramLabel = "PATH", description = "Registry path of the images, e.g."
                + " us-central1-docker.pkg.dev/PROJECT/REPO or 127.0.0.1:5000/arena (default: $" + Settings.REGISTRY_ENV
                + ", then the settings file).")
        String registry;

        @Option(names = "--build-arg", paramLabel = "KEY=VALUE", description = "Build argument (also $ARENA_BUILD_ARGS); part of the tag.")
        List<String> buildArgs = new ArrayList<>();

        List<Dataset> datasets() {
            List<Dataset> all = ValidationService.datasetsIn(List.of(folder.datasetsDir()));
            if (selection == null || selection.names == null) {
                return all;
            }
            return selection.names.stream().map(n -> all.stream().filter(d -> d.name().equals(n)).findFirst()
                    .orElseThrow(() -> ArenaException.usage("unknown dataset '" + n + "' in " + folder.datasetsDir()))).toList();
        }

        Map<String, String> buildArgs() {
            return BuildArgs.resolve(System.getenv(BuildArgs.ENV), buildArgs);
        }

        String registry(boolean required) {
            String r = Settings.load().get(Settings.Key.REGISTRY, registry);
            if (r == null && required) {
                throw ArenaException.usage("no registry: pass --registry HOST/PATH, set " + Settings.REGISTRY_ENV + " or run `arena setup`");
            }
            return r;
        }

        static RegistryClient client() {
            return new RegistryClient(RegistryCredentials::forRepository);
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Build each dataset's image; --push pushes it.",
                "Builds for linux/amd64 from the same context as a local run (no tasks/), tagged by its content; with --push,"
                    + " pushes it and prints its digest. A tag the registry already has is skipped."})
    static final class Build implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--push", description = "Push to the registry (skipping images it already has).")
        boolean push;

        @Override
        public Integer call() throws InterruptedException {
            String registry = push ? target.registry(true) : null;
            List<Dataset> datasets = target.datasets();
            try (DockerEngine engine = DockerEngine.connect()) {
                ImagePublisher publisher = new ImagePublisher(engine, Target.client());
                publisher.publishAll(datasets, target.buildArgs(), registry, new ImageBuildPrinter(System.out, System.err));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List each dataset's images in the registry, newest first.")
    static final class ListImages implements Callable<Integer> {
        @Mixin
        Target target;

        @Override
        public Integer call() {
            String registry = target.registry(true);
            ImageCatalog catalog = new ImageCatalog(Target.client());
            System.out.printf("%-24s %-20s %-16s %-8s %s%n", "DATASET", "BUILT", "DIGEST", "", "IMAGE");
            for (Dataset d : target.datasets()) {
                List<ImageCatalog.Listed> images = catalog.list(registry, d, target.buildArgs());
                if (images.isEmpty()) {
                    System.out.printf("%-24s %s%n", d.name(), "(none: `arena images build --push`)");
                }
                images.forEach(i -> System.out.printf("%-24s %-20s %-16s %-8s %s%n", d.name(),
                        i.created() == null ? "?" : i.created().toString().substring(0, 19).replace('T', ' '),
                        i.digest() == null ? "?" : i.digest().substring(0, Math.min(19, i.digest().length())),
                        i.current() ? "current" : "", i.reference()));
            }
            return 0;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = {"Delete all but each dataset's newest N images.",
                "Deletes all but the newest N images of each dataset from the registry, never the current one."})
    static final class Prune implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--keep", paramLabel = "N", required = true, description = "Images to keep per dataset.")
        int keep;

        @Option(names = "--dry-run", description = "Show what would be deleted; delete nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            if (keep < 0) {
                throw ArenaException.usage("--keep must be 0 or more");
            }
            String registry = target.registry(true);
            ImageCatalog catalog = new ImageCatalog(Target.client());
            int total = 0;
            for (Dataset d : target.datasets()) {
                for (ImageCatalog.Listed l : catalog.prune(registry, d, target.buildArgs(), keep, dryRun)) {
                    System.out.println((dryRun ? "would delete " : "deleted ") + l.reference() + " (" + l.digest() + ")");
                    total++;
                }
            }
            System.err.println((dryRun ? "would delete " : "deleted ") + total + " image(s)");
            return 0;
        }
    }
}
