package dev.arena.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.arena.ArenaException;
import dev.arena.ExitCode;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Moves images between the engine and a registry: push under a tag (the registry answers with
 * the digest), pull by digest. The engine does the transfer; this only asks and reports.
 */
public final class ImageTransfer {
    private static final long TIMEOUT_MINUTES = 30;

    private final DockerClient client;

    ImageTransfer(DockerClient client) {
        this.client = client;
    }

    /** A pushed image: {@code repo:tag}, {@code repo@sha256:...} and the local image size in bytes. */
    public record Published(String reference, String digestReference, long size) {
    }

    /**
     * Tags {@code localImage} as {@code repository:tag} and pushes it.
     *
     * @param login credentials for the registry, or null to push without
     */
    public Published push(String localImage, String repository, String tag, RegistryLogin login, Consumer<String> log)
            throws InterruptedException {
        client.tagImageCmd(localImage, repository, tag).withForce().exec();
        var cmd = client.pushImageCmd(repository).withTag(tag);
        if (login != null) {
            cmd.withAuthConfig(auth(login));
        }
        String error = ImageTransfer.<PushResponseItem>await(cmd::exec, item -> item.getErrorDetail() == null ? null : item.getErrorDetail().getMessage(),
                item -> item.getStatus() != null && item.getProgressDetail() == null
                        ? item.getStatus() + (item.getId() == null ? "" : " " + item.getId()) : null, log);
        if (error != null) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "pushing " + repository + ":" + tag + " failed: " + error
                    + (login == null ? "" : " (does the account have roles/artifactregistry.writer on the repository?)"));
        }
        InspectImageResponse image = client.inspectImageCmd(repository + ":" + tag).exec();
        List<String> digests = image.getRepoDigests();
        String digest = digests == null ? null : digests.stream().filter(d -> d.startsWith(repository + "@")).findFirst().orElse(null);
        return new Published(repository + ":" + tag, digest, image.getSize() == null ? 0 : image.getSize());
    }

    /**
     * Pulls {@code reference} ({@code host/repo@sha256:...} or {@code host/repo:tag}) unless the
     * engine has it already. Failures are {@link ImageBuildException}s: the task cannot get its image.
     *
     * @param login asked only when there is something to pull (a token request, for Google's
     *              registries); it may give null for anonymous access
     * @return false when the engine had the image already, true when it was pulled
     */
    public boolean pull(String reference, Supplier<RegistryLogin> login, Consumer<String> log) throws InterruptedException {
        if (present(reference)) {
            return false;
        }
        ImageRef ref = ImageRef.parse(reference);
        var cmd = client.pullImageCmd(ref.repository()).withTag(ref.version());
        RegistryLogin credentials = login.get();
        if (credentials != null) {
            cmd.withAuthConfig(auth(credentials));
        }
        String error = ImageTransfer.<PullResponseItem>await(cmd::exec, item -> item.getErrorDetail() == null ? null : item.getErrorDetail().getMessage(),
                item -> item.getStatus() != null && item.getProgressDetail() == null && item.getId() == null ? item.getStatus() : null, log);
        if (error != null || !present(reference)) {
            throw new ImageBuildException("cannot pull " + reference + ": "
                    + (error != null ? error : "the engine does not have it after the pull"), null);
        }
        return true;
    }

    /** Whether the engine has {@code reference}. */
    public boolean present(String reference) {
        try {
            client.inspectImageCmd(reference).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The size in bytes of a local image. */
    public long size(String reference) {
        Long size = client.inspectImageCmd(reference).exec().getSize();
        return size == null ? 0 : size;
    }

    /**
     * Runs a streaming push or pull to its end: each item's error (the first one wins over a
     * later generic one) or its status line for {@code log}.
     *
     * @return the error, or null when it went through
     */
    private static <T> String await(Function<ResultCallback.Adapter<T>, ResultCallback.Adapter<T>> start,
                                    Function<T, String> errorOf, Function<T, String> lineOf, Consumer<String> log)
            throws InterruptedException {
        AtomicReference<String> error = new AtomicReference<>();
        try {
            boolean done = start.apply(new ResultCallback.Adapter<T>() {
                @Override
                public void onNext(T item) {
                    String e = errorOf.apply(item);
                    if (e != null) {
                        error.compareAndSet(null, e);
                    } else if (lineOf.apply(item) != null) {
                        log.accept(lineOf.apply(item));
                    }
                }
            }).awaitCompletion(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!done) {
                error.compareAndSet(null, "no answer within " + TIMEOUT_MINUTES + " minutes");
            }
        } catch (RuntimeException e) {
            error.compareAndSet(null, DockerEngine.rootMessage(e));
        }
        return error.get();
    }

    private static AuthConfig auth(RegistryLogin login) {
        return new AuthConfig().withUsername(login.username()).withPassword(login.password()).withRegistryAddress(login.registry());
    }
}
