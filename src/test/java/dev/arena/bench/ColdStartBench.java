package dev.arena.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.dataset.BuildContext;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetArchive;
import dev.arena.dataset.DatasetLoader;
import dev.arena.dataset.SafeUnpacker;
import dev.arena.images.ImagePublisher;
import dev.arena.images.RegistryClient;
import dev.arena.sandbox.DockerEngine;
import dev.arena.sandbox.BuiltImage;
import dev.arena.sandbox.ImageBuilder;
import dev.arena.sandbox.ImageTransfer;
import dev.arena.store.GcsStore;
import dev.arena.store.Stores;
import dev.arena.testing.FakeGcsServer;
import dev.arena.testing.TestImages;
import dev.arena.transfer.DatasetCatalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-task cold start in the pod's shape (issue 8): a fresh Docker daemon with an empty image
 * store, the dataset downloaded from a storage test double (the real GCS HTTP client against the
 * in-test {@link FakeGcsServer}, unpacked with {@link SafeUnpacker}), then either (a) the build
 * of the dataset's image with arena's {@link ImageBuilder}, or (b) a pull by digest of the
 * prebuilt image from a local registry with arena's {@link ImageTransfer}. The two alternate round
 * by round (ABAB); before each measurement the fresh daemon's image store and build cache are
 * emptied, and before each (a) the base image is loaded into it from the main daemon, outside
 * the timed part. What that leaves out of (a), a pull of the base image from the registry into
 * the empty daemon, is timed in each round too, before (a). Both must end with the image in the fresh daemon, or the benchmark stops.
 *
 * <p>Run with bench/cold-start.sh, which starts the second daemon and the registry. Arguments:
 * rounds, datasets (comma-separated), the fresh daemon's endpoint, the registry's host:port and
 * a work folder.
 */
public final class ColdStartBench {
    private static final String BUCKET = "bench-datasets";

    /** A dataset ready for the rounds: its name, where the image was pushed, and its sizes. */
    private record Prepared(String name, String digestReference, long imageBytes, long compressedBytes) {
    }

    /** One dataset's figures. */
    private record Row(Prepared dataset, Timings build, Timings pull, Timings download, Timings baseLoad, Timings basePull) {
        double ratio() {
            return build.median() / pull.median();
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        List<String> names = List.of(args[1].split(","));
        String freshEndpoint = args[2];
        String registry = args[3];
        Path work = Path.of(args[4]);
        Map<String, String> buildArgs = TestImages.buildArgs();
        String base = TestImages.baseImage();

        try (DockerEngine main = DockerEngine.connect(); FakeGcsServer gcs = FakeGcsServer.start()) {
            GcsStore store = new GcsStore(gcs.storage(), BUCKET, Stores.DATASETS_PREFIX);
            System.out.printf("main daemon %s, fresh daemon %s, registry %s, base %s, %d rounds%n",
                    main.endpoint(), freshEndpoint, registry, base, rounds);

            // preparation on the main daemon, not timed: upload each dataset, build and push its image
            ImagePublisher publisher = new ImagePublisher(main, new RegistryClient(host -> null));
            List<Prepared> prepared = new ArrayList<>();
            for (String name : names) {
                Path dir = locate(name);
                Dataset dataset = DatasetLoader.load(dir);
                Path archive = work.resolve(name + ".tar.gz");
                DatasetArchive.Packed packed = DatasetArchive.pack(dir, archive);
                store.upload(DatasetCatalog.key(name), archive, Map.of(DatasetCatalog.HASH_METADATA, packed.contentHash()), n -> { });
                long t0 = System.nanoTime();
                ImagePublisher.Published p = publisher.publish(dataset, buildArgs, registry, line -> { });
                if (p.digestReference() == null) {
                    throw new IllegalStateException("no digest for the pushed image of " + name + ": " + p);
                }
                long size = main.transfer().size(ImageBuilder.tagFor(dataset.name(), BuildContext.of(dataset.dir()).contentHash(), buildArgs));
                Prepared ready = new Prepared(name, p.digestReference(), size, compressedSize(p.digestReference()));
                prepared.add(ready);
                System.out.printf("prepared %s: archive %d bytes, image %s (%s, %.1f s), %d MB, %d MB compressed in the registry%n",
                        name, packed.size(), p.digestReference(), p.state(), (System.nanoTime() - t0) / 1e9,
                        ready.imageBytes() / 1_000_000, ready.compressedBytes() / 1_000_000);
            }
            ImageTransfer.Published basePushed = main.transfer().push(base, registry + "/arena-bench/base", "bookworm", null, l -> { });

            FreshDaemon fresh = new FreshDaemon(freshEndpoint, base);
            // warm-up, not counted: the JVM's first download and unpack, the fresh daemon's first calls
            fetch(store, names.get(0), work.resolve("warm-up"));
            fresh.empty();
            fresh.loadBase();

            List<Row> rows = new ArrayList<>();
            for (Prepared p : prepared) {
                Row row = new Row(p, new Timings(), new Timings(), new Timings(), new Timings(), new Timings());
                for (int i = 0; i < rounds; i++) {
                    // what (a) leaves out, in the same round: the base image by digest from the registry into the empty daemon
                    fresh.empty();
                    try (DockerEngine engine = DockerEngine.at(freshEndpoint)) {
                        row.basePull().time(() -> engine.transfer().pull(basePushed.digestReference(), () -> null, l -> { }));
                        if (!engine.transfer().present(basePushed.digestReference())) {
                            throw new IllegalStateException("the base pull ended without " + basePushed.digestReference());
                        }
                    }
                    // (a) download + build, with the base image loaded first (not timed)
                    fresh.empty();
                    row.baseLoad().time(fresh::loadBase);
                    try (DockerEngine engine = DockerEngine.at(freshEndpoint)) {
                        Path dir = work.resolve("round-" + i + "-a").resolve(p.name());
                        String[] tag = new String[1];
                        row.build().time(() -> {
                            long t0 = System.nanoTime();
                            Dataset d = fetch(store, p.name(), dir);
                            row.download().add((System.nanoTime() - t0) / 1e6);
                            BuiltImage image = engine.images().ensure(d.name(), BuildContext.of(d.dir()),
                                    d.dir().resolve(Dataset.DOCKERFILE), buildArgs, ImageBuilder.DEFAULT_TIMEOUT);
                            if (image.reused()) {
                                throw new IllegalStateException("the fresh daemon already had " + image.tag());
                            }
                            tag[0] = image.tag();
                        });
                        if (!engine.images().exists(tag[0])) {
                            throw new IllegalStateException("(a) ended without " + tag[0] + " in the fresh daemon");
                        }
                    }
                    // (b) download + pull by digest into an empty image store
                    fresh.empty();
                    try (DockerEngine engine = DockerEngine.at(freshEndpoint)) {
                        Path dir = work.resolve("round-" + i + "-b").resolve(p.name());
                        row.pull().time(() -> {
                            long t0 = System.nanoTime();
                            fetch(store, p.name(), dir);
                            row.download().add((System.nanoTime() - t0) / 1e6);
                            engine.transfer().pull(p.digestReference(), () -> null, l -> { });
                        });
                        if (!engine.transfer().present(p.digestReference())) {
                            throw new IllegalStateException("(b) ended without " + p.digestReference() + " in the fresh daemon");
                        }
                    }
                    System.out.printf("  %s round %d: base pull %d ms, (a) build %d ms, (b) pull %d ms%n", p.name(), i + 1,
                            last(row.basePull()), last(row.build()), last(row.pull()));
                }
                rows.add(row);
                System.out.printf("%s: (a) download + build median %.0f ms %s; (b) download + pull median %.0f ms %s; ratio a/b %.2f;"
                                + " download alone median %.0f ms; base load (not timed) median %.0f ms; base pull median %.0f ms %s%n",
                        p.name(), row.build().median(), row.build().samples(), row.pull().median(), row.pull().samples(),
                        row.ratio(), row.download().median(), row.baseLoad().median(), row.basePull().median(), row.basePull().samples());
            }
            fresh.empty();

            System.out.printf("%n| dataset | (a) download + build | (b) download + pull | ratio a/b | (a) + base pull | ratio (a + base pull)/b"
                    + " | image | compressed in registry |%n");
            System.out.printf("|---|---|---|---|---|---|---|---|%n");
            for (Row r : rows) {
                double withBase = r.build().median() + r.basePull().median();
                System.out.printf("| %s | %.0f ms | %.0f ms | %.2f | %.0f ms | %.2f | %d MB | %d MB |%n", r.dataset().name(),
                        r.build().median(), r.pull().median(), r.ratio(), withBase, withBase / r.pull().median(),
                        r.dataset().imageBytes() / 1_000_000, r.dataset().compressedBytes() / 1_000_000);
            }
            System.out.printf("%nbase image pull from the registry (what (a) leaves out), medians: %s; download of the dataset alone,"
                    + " medians: %s%n", rows.stream().map(r -> r.dataset().name() + " " + Math.round(r.basePull().median()) + " ms").toList(),
                    rows.stream().map(r -> r.dataset().name() + " " + Math.round(r.download().median()) + " ms").toList());
        }
    }

    /** The pod's download: the archive from the bucket through the real HTTP client, unpacked safely, loaded. */
    private static Dataset fetch(GcsStore store, String name, Path dir) throws IOException {
        String key = DatasetCatalog.key(name);
        byte[] archive = store.get(key).orElseThrow(() -> new IllegalStateException("no " + store.locate(key)));
        SafeUnpacker.withDefaults().unpack(new ByteArrayInputStream(archive), dir, store.locate(key));
        return DatasetLoader.load(dir);
    }

    private static Path locate(String name) {
        for (Path root : List.of(Path.of("examples/datasets"), Path.of("bench/datasets"))) {
            if (Files.isDirectory(root.resolve(name))) {
                return root.resolve(name);
            }
        }
        throw new IllegalArgumentException("no dataset " + name + " in examples/datasets or bench/datasets");
    }

    /** What a pull moves: the config and layer blobs of the image's manifest in the registry. */
    private static long compressedSize(String digestReference) throws IOException {
        int slash = digestReference.indexOf('/');
        int at = digestReference.indexOf('@');
        URI uri = URI.create("http://" + digestReference.substring(0, slash) + "/v2/" + digestReference.substring(slash + 1, at)
                + "/manifests/" + digestReference.substring(at + 1));
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setRequestProperty("Accept", "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json");
        try (InputStream in = c.getInputStream()) {
            JsonNode manifest = Json.mapper().readTree(in);
            long total = manifest.path("config").path("size").asLong();
            for (JsonNode layer : manifest.path("layers")) {
                total += layer.path("size").asLong();
            }
            return total;
        }
    }

    private static long last(Timings t) {
        List<Long> s = t.samples();
        return s.get(s.size() - 1);
    }

    /** The second daemon, driven with the docker CLI for what a pod never does: emptying it, loading the base. */
    private static final class FreshDaemon {
        private final String endpoint;
        private final String base;

        FreshDaemon(String endpoint, String base) {
            this.endpoint = endpoint;
            this.base = base;
        }

        /** Removes every container, image and build cache entry, then checks that no image is left. */
        void empty() throws IOException, InterruptedException {
            sh("docker -H " + endpoint + " ps -aq | xargs -r docker -H " + endpoint + " rm -f >/dev/null");
            sh("docker -H " + endpoint + " system prune -af >/dev/null");
            String left = sh("docker -H " + endpoint + " images -aq");
            if (!left.isBlank()) {
                throw new IllegalStateException("the fresh daemon still has images after emptying it: " + left);
            }
        }

        /** The base image from the main daemon ({@code docker save | docker load}), as a pod would get it from a registry. */
        void loadBase() throws IOException, InterruptedException {
            sh("docker save " + base + " | docker -H " + endpoint + " load >/dev/null");
            if (sh("docker -H " + endpoint + " images -q " + base).isBlank()) {
                throw new IllegalStateException("the fresh daemon has no " + base + " after loading it");
            }
        }

        private static String sh(String command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("`" + command + "` failed: " + out);
            }
            return out.strip();
        }
    }
}
