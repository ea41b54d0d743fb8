package dev.arena.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where sandboxes come from: the one port through which evaluation reaches a container engine.
 * {@link DockerSandboxProvider} runs them on a Docker engine (a laptop's, or the pod's sidecar);
 * a provider that starts one Kubernetes pod per task fits the same calls. Implementations
 * must pass {@code SandboxProviderContractTest}.
 */
public interface SandboxProvider extends AutoCloseable {

    /**
     * Makes the image of {@code source} available, built once per content: a second call for the
     * same content returns it with {@code reused} set.
     *
     * @param timeout longest the image may take; a build past it is stopped
     * @throws ImageBuildException when it cannot be built in time (one line for people, plus the build log)
     */
    BuiltImage build(ImageSource source, Duration timeout) throws InterruptedException;

    /**
     * Makes a pinned image ({@code repo@sha256:...}) available.
     *
     * @param login asked only when the image has to be fetched; null credentials mean anonymous
     * @return false when it was there already
     * @throws ImageBuildException when the image cannot be had
     */
    boolean pull(String reference, Supplier<RegistryLogin> login) throws InterruptedException;

    /**
     * An image of {@code spec.image()} plus what {@code command} leaves behind when it runs (as in
     * {@link Sandbox#exec}) in a container of it started with {@code spec}: made once per image id
     * and command, then reused, so the same image content gives the same derived image and a rebuilt
     * one (new id) a new derived image. Never a container anyone else uses; removed in every case.
     *
     * @return the derived image's reference, to start sandboxes from
     * @throws SandboxException when it cannot be made; for a failed command, the message ends with its last line of output
     */
    String derive(SandboxSpec spec, String command, Duration timeout) throws InterruptedException;

    /** Starts a sandbox; the caller closes it. Throws {@link SandboxException} when it cannot. */
    Sandbox start(SandboxSpec spec);

    /**
     * Starts a sandbox whose main process is {@code prepare} and then {@code run} (shell commands,
     * each released by arena: see {@link StagedSandbox}); the caller closes it. Throws
     * {@link SandboxException} when it cannot.
     */
    StagedSandbox startStaged(SandboxSpec spec, String prepare, String run);

    /**
     * Creates an internal network (network mode {@code internal}): its sandboxes reach only its
     * gateway address on the host. The caller closes it after its sandboxes. Throws
     * {@link SandboxException} when it cannot.
     */
    SandboxNetwork network(String name, Map<String, String> labels);

    /**
     * Removes every sandbox carrying all of {@code labels}, then every network carrying them:
     * leftovers of a crashed or cancelled run. Returns how many sandboxes went.
     */
    int removeAll(Map<String, String> labels);

    @Override
    void close();

    /** Opens a provider when work needs one (connecting may wait for an engine to come up). */
    @FunctionalInterface
    interface Factory {
        SandboxProvider open() throws InterruptedException;
    }
}
