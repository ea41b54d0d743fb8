package dev.arena.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.arena.dataset.BuildContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * Builds dataset images, each at most once per process: the tag is derived from the build
 * context's content hash and the build arguments, an existing tag is reused, and tasks of the
 * same dataset that ask at the same time wait for one build (a failed build fails them all
 * without building again).
 */
public final class ImageBuilder {
    private static final Pattern PULL_FAILURE = Pattern.compile(
            "pull access denied|failed to resolve|no such host|registry-1\\.docker\\.io|manifest unknown"
                    + "|dial tcp|i/o timeout|TLS handshake|connection refused.*registry|not found: manifest",
            Pattern.CASE_INSENSITIVE);

    private final DockerClient client;
    private final Map<String, CompletableFuture<BuiltImage>> builds = new ConcurrentHashMap<>();

    ImageBuilder(DockerClient client) {
        this.client = client;
    }

    /** The image tag of a dataset: {@code arena-task/<name>:<hash of context and build args>}. */
    public static String tagFor(String datasetName, String contextHash, Map<String, String> buildArgs) {
        String repo = datasetName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return "arena-task/" + repo + ":" + sha256(contextHash + new TreeMap<>(buildArgs)).substring(0, 16);
    }

    public boolean exists(String tag) {
        return new ImageTransfer(client).present(tag);
    }

    public BuiltImage ensure(String datasetName, BuildContext context, Path dockerfile, Map<String, String> buildArgs)
            throws InterruptedException {
        return ensure(datasetName, context, dockerfile, buildArgs, null);
    }

    /**
     * @param platform e.g. {@code linux/amd64} for images other machines pull, or null for the
     *                 engine's own; not part of the tag, which names the content
     */
    public BuiltImage ensure(String datasetName, BuildContext context, Path dockerfile, Map<String, String> buildArgs,
                             String platform) throws InterruptedException {
        String tag = tagFor(datasetName, context.contentHash(), buildArgs);
        CompletableFuture<BuiltImage> mine = new CompletableFuture<>();
        CompletableFuture<BuiltImage> existing = builds.putIfAbsent(tag, mine);
        if (existing == null) {
            try {
                mine.complete(exists(tag) ? new BuiltImage(tag, true, "") : build(tag, context, dockerfile, buildArgs, platform));
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            }
        }
        try {
            BuiltImage built = builds.get(tag).get();
            // only the caller that built it gets the build's log; the others reuse the image
            return existing == null ? built : new BuiltImage(built.tag(), true, "");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ImageBuildException ibe) {
                throw ibe;
            }
            throw new ImageBuildException("image build failed: " + DockerEngine.rootMessage(e.getCause()), e.getCause());
        }
    }

    private BuiltImage build(String tag, BuildContext context, Path dockerfile, Map<String, String> buildArgs, String platform) {
        StringBuilder log = new StringBuilder();
        Path tar = null;
        try {
            tar = Files.createTempFile("arena-context-", ".tar");
            try (OutputStream out = Files.newOutputStream(tar)) {
                context.writeTar(out);
            }
            try (InputStream in = Files.newInputStream(tar)) {
                BuildImageCmd cmd = client.buildImageCmd().withTarInputStream(in).withTags(Set.of(tag)).withForcerm(true)
                        .withLabels(Map.of("app.kubernetes.io/name", "arena"));
                buildArgs.forEach(cmd::withBuildArg);
                if (platform != null) {
                    cmd.withPlatform(platform);
                }
                cmd.exec(new BuildImageResultCallback() {
                    @Override
                    public void onNext(BuildResponseItem item) {
                        if (item.getStream() != null) {
                            synchronized (log) {
                                log.append(item.getStream());
                            }
                        }
                        super.onNext(item);
                    }
                }).awaitImageId();
            }
            return new BuiltImage(tag, false, log.toString());
        } catch (IOException e) {
            throw new ImageBuildException("cannot prepare the build context: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            String reason = DockerEngine.rootMessage(e);
            String message = PULL_FAILURE.matcher(reason).find()
                    ? "cannot pull base image " + BaseImage.of(dockerfile, buildArgs) + " (no registry access?); "
                    + "without a registry build a local one: eval \"$(bash scripts/local-base-image.sh)\""
                    : "image build failed: " + reason;
            throw new ImageBuildException(message, log + "\n" + reason, e);
        } finally {
            if (tar != null) {
                tar.toFile().delete();
            }
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
