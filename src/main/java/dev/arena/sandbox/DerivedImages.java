package dev.arena.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Images derived from another by one command, committed from a container of the source image id
 * that nothing else uses. The tag names the source's id and the command's hash, and the image's
 * labels record both in full, so a rebuilt source (a new id) or a changed command gets a new
 * image, and the same pair is made once per engine and reused (also by later processes).
 */
public final class DerivedImages {
    static final String REPOSITORY = "arena-derived";
    static final String FROM_LABEL = "arena/derived-from";
    static final String COMMAND_LABEL = "arena/derived-by";

    private final DockerClient client;
    /** One lock per derived tag: concurrent attempts of one image wait for a single derivation. */
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    DerivedImages(DockerClient client) {
        this.client = client;
    }

    /** See {@link SandboxProvider#derive}. */
    public String derive(SandboxSpec spec, String command, Duration timeout) throws InterruptedException {
        String id = inspect(spec.image()).getId();
        String commandHash = sha256(command);
        String tag = REPOSITORY + ":" + id.replaceFirst("^sha256:", "").substring(0, 16) + "-" + commandHash.substring(0, 16);
        synchronized (locks.computeIfAbsent(tag, t -> new Object())) {
            if (made(tag, id, commandHash)) {
                return tag;
            }
            // from the id, not the tag: the image derived is exactly the one the tag names
            try (DockerSandbox container = DockerSandbox.start(client, spec.with(id, spec.name(), spec.network()))) {
                ExecResult r = container.exec(command, timeout);
                if (!r.ok()) {
                    throw new SandboxException("the command deriving an image from " + spec.image() + " exited " + r.exitCode()
                            + (r.timedOut() ? " (timed out)" : "") + ": " + r.output().strip().lines().reduce((a, b) -> b).orElse(""), null);
                }
                try {
                    client.commitCmd(container.containerId())
                            .withRepository(REPOSITORY)
                            .withTag(tag.substring(REPOSITORY.length() + 1))
                            .withLabels(Map.of(FROM_LABEL, id, COMMAND_LABEL, commandHash))
                            .exec();
                } catch (RuntimeException e) {
                    throw new SandboxException("cannot commit the image derived from " + spec.image() + ": " + DockerEngine.rootMessage(e), e);
                }
            }
            return tag;
        }
    }

    /** True when {@code tag} is there and was derived from {@code id} by the command of that hash. */
    private boolean made(String tag, String id, String commandHash) {
        try {
            InspectImageResponse image = client.inspectImageCmd(tag).exec();
            Map<String, String> labels = image.getConfig() == null ? null : image.getConfig().getLabels();
            return labels != null && id.equals(labels.get(FROM_LABEL)) && commandHash.equals(labels.get(COMMAND_LABEL));
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw new SandboxException("cannot inspect image " + tag + ": " + DockerEngine.rootMessage(e), e);
        }
    }

    private InspectImageResponse inspect(String image) {
        try {
            return client.inspectImageCmd(image).exec();
        } catch (RuntimeException e) {
            throw new SandboxException("cannot inspect image " + image + ": " + DockerEngine.rootMessage(e), e);
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
