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
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Builds dataset images, each at most once per process: the tag is derived from the build
 * context's content hash and the build arguments, an existing tag is reused, and tasks of the
 * same dataset that ask at the same time wait for one build (a failed build fails them all
 * without building again). A build past its time limit is stopped: closing its stream closes the
 * connection, and the engine cancels a build whose client went away.
 */
public final class ImageBuilder {
    private static final Pattern PULL_FAILURE = Pattern.compile(
            "pull access denied|failed to resolve|no such host|registry-1\\.docker\\.io|manifest unknown"
                    + "|dial tcp|i/o timeout|TLS handshake|connection refused.*registry|not found: manifest",
            Pattern.CASE_INSENSITIVE);

    /** How long a dataset's image may take to build when nobody says ({@code --build-timeout}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

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

    public BuiltImage ensure(String datasetName, BuildContext context, Path dockerfile, Map<String, String> buildArgs,
                             Duration timeout) throws InterruptedException {
        return ensure(datasetName, context, dockerfile, buildArgs, null, timeout);
    }

    /** Without a time limit: {@code arena images build}, where a person watches the build. */
    public BuiltImage ensure(String datasetName, BuildContext context, Path dockerfile, Map<String, String> buildArgs,
                             String platform) throws InterruptedException {
        return ensure(datasetName, context, dockerfile, buildArgs, platform, null);
    }

    /**
     * @param platform e.g. {@code linux/amd64} for images other machines pull, or null for the
     *                 engine's own; not part of the tag, which names the content
     * @param timeout  longest this caller waits for the image, building or waiting for another's
     *                 build, or null for no limit
     */
    public BuiltImage ensure(String datasetName, BuildContext context, Path dockerfile, Map<String, String> buildArgs,
                             String platform, Duration timeout) throws InterruptedException {
        String tag = tagFor(datasetName, context.contentHash(), buildArgs);
        CompletableFuture<BuiltImage> mine = new CompletableFuture<>();
        CompletableFuture<BuiltImage> existing = builds.putIfAbsent(tag, mine);
        if (existing == null) {
            try {
                mine.complete(exists(tag) ? new BuiltImage(tag, true, "") : build(tag, context, dockerfile, buildArgs, platform, timeout));
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            }
        }
        try {
            BuiltImage built = timeout == null ? builds.get(tag).get() : builds.get(tag).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // only the caller that built it gets the build's log; the others reuse the image
            return existing == null ? built : new BuiltImage(built.tag(), true, "");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ImageBuildException ibe) {
                throw ibe;
            }
            throw new ImageBuildException("image build failed: " + DockerEngine.rootMessage(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new ImageBuildException("another task's build of " + tag + " did not end within " + seconds(timeout), e);
        }
    }

    private BuiltImage build(String tag, BuildContext context, Path dockerfile, Map<String, String> buildArgs, String platform,
                             Duration timeout) {
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
                BuildImageResultCallback build = cmd.exec(new BuildImageResultCallback() {
                    @Override
                    public void onNext(BuildResponseItem item) {
                        if (item.getStream() != null) {
                            synchronized (log) {
                                log.append(item.getStream());
                            }
                        }
                        super.onNext(item);
                    }
                });
                awaitOrStop(build, timeout, log);
            }
            return new BuiltImage(tag, false, log.toString());
        } catch (IOException e) {
            throw new ImageBuildException("cannot prepare the build context: " + e.getMessage(), e);
        } catch (ImageBuildException e) {
            throw e;
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

    /** Waits for the build's end; past {@code timeout} (or on an interrupt) closes its stream, which stops it. */
    private static void awaitOrStop(BuildImageResultCallback build, Duration timeout, StringBuilder log) {
        boolean done;
        try {
            if (timeout == null) {
                build.awaitCompletion();
                done = true;
            } else {
                done = build.awaitCompletion(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            close(build);
            Thread.currentThread().interrupt();
            throw new ImageBuildException("image build interrupted", log.toString(), e);
        }
        if (!done) {
            close(build);
            String message = "image build stopped: it ran past its time limit of " + seconds(timeout);
            throw new ImageBuildException(message, log + "\n" + message, null);
        }
        build.awaitImageId(); // the build's own failure, if it failed
    }

    private static void close(BuildImageResultCallback build) {
        try {
            build.close();
        } catch (IOException e) {
            // the stream is going away either way
        }
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
