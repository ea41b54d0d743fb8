package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Version;
import dev.arena.sandbox.DockerEngine;
import dev.arena.sandbox.EvaluatorImageBuilder;
import dev.arena.sandbox.ImageTransfer;
import dev.arena.sandbox.RegistryLogin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code arena deploy}'s image step: the jar that is running (or target/arena.jar when run from
 * classes) and the Dockerfile bundled with it become the evaluator image in the operator's registry.
 */
public final class EvaluatorImage {
    static final String IMAGE_NAME = "arena";
    private static final String DOCKERFILE = "/dev/arena/image/Dockerfile";

    private EvaluatorImage() {
    }

    /**
     * @param registry e.g. {@code us-central1-docker.pkg.dev/PROJECT/REPO}; the image is {@code REGISTRY/arena}
     * @param logins   the login for the image's repository, or null to push without credentials
     */
    public static ImageTransfer.Published publish(String registry, Map<String, String> buildArgs,
                                                  Function<String, RegistryLogin> logins, Consumer<String> log)
            throws InterruptedException {
        String repository = registry.replaceAll("/+$", "") + "/" + IMAGE_NAME;
        byte[] dockerfile = dockerfile();
        Path jar = runningJar();
        String tag = EvaluatorImageBuilder.tag(dockerfile, jar, Version.get());
        try (DockerEngine engine = DockerEngine.connect()) {
            return engine.evaluatorImages().buildAndPush(dockerfile, jar, repository, tag, buildArgs,
                    logins.apply(repository), log);
        }
    }

    static byte[] dockerfile() {
        try (InputStream in = EvaluatorImage.class.getResourceAsStream(DOCKERFILE)) {
            if (in == null) {
                throw new IllegalStateException("the evaluator Dockerfile is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path runningJar() {
        try {
            Path location = Path.of(EvaluatorImage.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                return location;
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the build output
        }
        Path built = Path.of("target", "arena.jar");
        if (Files.isRegularFile(built)) {
            return built;
        }
        throw new ArenaException(ExitCode.USAGE, "no arena jar to put in the image: build it first (mvn -B package)");
    }
}
