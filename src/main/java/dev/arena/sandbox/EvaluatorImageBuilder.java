package dev.arena.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Builds the evaluator image (the Dockerfile plus arena's jar) for linux/amd64, whatever this
 * machine's architecture, tags it {@code VERSION-HASH} by the content of both, and pushes it.
 */
public final class EvaluatorImageBuilder {
    public static final String PLATFORM = "linux/amd64";
    private static final String JAR_IN_CONTEXT = "target/arena.jar";

    private final DockerClient client;

    EvaluatorImageBuilder(DockerClient client) {
        this.client = client;
    }

    /** The tag for this Dockerfile and jar: the version and 12 hex digits of their content hash. */
    public static String tag(byte[] dockerfile, Path jar, String version) {
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(dockerfile);
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            return version.replaceAll("[^A-Za-z0-9_.-]", "-") + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new ArenaException(ExitCode.USAGE, "cannot read the jar " + jar + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param repository e.g. {@code us-central1-docker.pkg.dev/PROJECT/REPO/arena}
     * @param auth       registry credentials, or null for none
     */
    public ImageTransfer.Published buildAndPush(byte[] dockerfile, Path jar, String repository, String tag, Map<String, String> buildArgs,
                                  RegistryLogin auth, java.util.function.Consumer<String> log) throws InterruptedException {
        String reference = repository + ":" + tag;
        Path context = null;
        try {
            context = Files.createTempFile("arena-evaluator-", ".tar");
            writeContext(context, dockerfile, jar);
            try (InputStream in = Files.newInputStream(context)) {
                var cmd = client.buildImageCmd().withTarInputStream(in).withTags(Set.of(reference)).withPlatform(PLATFORM)
                        .withLabels(Map.of("app.kubernetes.io/name", "arena"));
                buildArgs.forEach(cmd::withBuildArg);
                cmd.exec(new BuildImageResultCallback() {
                    @Override
                    public void onNext(BuildResponseItem item) {
                        if (item.getStream() != null && !item.getStream().isBlank()) {
                            log.accept(item.getStream().stripTrailing());
                        }
                        super.onNext(item);
                    }
                }).awaitImageId();
            }
        } catch (IOException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot prepare the evaluator image context: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "building the evaluator image failed: " + DockerEngine.rootMessage(e), e);
        } finally {
            if (context != null) {
                context.toFile().delete();
            }
        }
        String arch = client.inspectImageCmd(reference).exec().getArch();
        if (!"amd64".equals(arch)) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "the evaluator image was built for " + arch + ", not amd64");
        }
        return new ImageTransfer(client).push(reference, repository, tag, auth, log);
    }

    private static void writeContext(Path target, byte[] dockerfile, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(target); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry df = new TarArchiveEntry("Dockerfile");
            df.setSize(dockerfile.length);
            tar.putArchiveEntry(df);
            tar.write(dockerfile);
            tar.closeArchiveEntry();
            TarArchiveEntry j = new TarArchiveEntry(JAR_IN_CONTEXT);
            j.setSize(Files.size(jar));
            tar.putArchiveEntry(j);
            Files.copy(jar, tar);
            tar.closeArchiveEntry();
            tar.finish();
        }
    }
}
