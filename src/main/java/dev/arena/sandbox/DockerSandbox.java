package dev.arena.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Ulimit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A sandbox in a Docker container that idles until removed. Commands run through exec, each
 * wrapped in {@code timeout -s KILL} because Docker cannot stop an exec; a JVM-side deadline
 * backs that up for images without coreutils' timeout.
 */
public final class DockerSandbox implements Sandbox {
    static final int HEAD_LIMIT = 1 << 20;
    static final int TAIL_LIMIT = 4 << 20;
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final DockerClient client;
    private final String containerId;
    private final AtomicBoolean closed = new AtomicBoolean();

    DockerSandbox(DockerClient client, String containerId) {
        this.client = client;
        this.containerId = containerId;
    }

    static DockerSandbox start(DockerClient client, SandboxSpec spec) {
        return new DockerSandbox(client, createAndStart(client, spec, List.of("tail", "-f", "/dev/null"), false, id -> { }));
    }

    /**
     * Creates a container of {@code spec} whose main process is {@code entrypoint} (its stdin open
     * to an attach when {@code openStdin}), hands its id to {@code beforeStart} (to attach before
     * anything runs), starts it and returns its id; removes it when any of that fails.
     */
    static String createAndStart(DockerClient client, SandboxSpec spec, List<String> entrypoint, boolean openStdin,
                                 java.util.function.Consumer<String> beforeStart) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(spec.network())
                .withMemory(spec.memoryBytes())
                .withMemorySwap(spec.memoryBytes())
                .withNanoCPUs((long) (spec.cpus() * 1e9))
                .withPidsLimit(spec.pidsLimit())
                .withUlimits(List.of(new Ulimit("nofile", (long) spec.nofile(), (long) spec.nofile())));
        String id = null;
        // Ctrl+C interrupts workers; an interrupt here would abort the HTTP call after the daemon
        // created the container but before we learnt its id, leaving it behind unseen. Create and
        // start run to the end instead; the caller, cancelled, closes what it gets back.
        boolean interrupted = Thread.interrupted();
        try {
            CreateContainerResponse created = client.createContainerCmd(spec.image())
                    .withName(spec.name())
                    .withLabels(spec.labels())
                    .withEntrypoint(entrypoint)
                    .withWorkingDir(WORKDIR)
                    .withEnv(List.of())
                    .withStdinOpen(openStdin)
                    .withAttachStdin(openStdin)
                    .withHostConfig(host)
                    .exec();
            id = created.getId();
            beforeStart.accept(id);
            client.startContainerCmd(id).exec();
            return id;
        } catch (RuntimeException e) {
            if (id != null) {
                new DockerSandbox(client, id).close();
            }
            throw new SandboxException("cannot start a container from " + spec.image() + ": " + DockerEngine.rootMessage(e), e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public String containerId() {
        return containerId;
    }

    /** The gateway of the container's network (its only one, or the first that has a gateway). */
    @Override
    public java.net.InetAddress networkGateway() {
        com.github.dockerjava.api.model.NetworkSettings settings;
        try {
            settings = client.inspectContainerCmd(containerId).exec().getNetworkSettings();
        } catch (RuntimeException e) {
            throw new SandboxException("cannot inspect the sandbox's network: " + DockerEngine.rootMessage(e), e);
        }
        java.util.List<String> gateways = new java.util.ArrayList<>();
        if (settings != null && settings.getNetworks() != null) {
            settings.getNetworks().values().forEach(n -> gateways.add(n.getGateway()));
        }
        if (settings != null) {
            gateways.add(settings.getGateway());
        }
        for (String gateway : gateways) {
            if (gateway != null && !gateway.isBlank()) {
                try {
                    return java.net.InetAddress.getByName(gateway.strip()); // a literal address: no lookup
                } catch (java.net.UnknownHostException e) {
                    throw new SandboxException("the sandbox's network gateway '" + gateway + "' is not an address", e);
                }
            }
        }
        throw new SandboxException("the sandbox has no network gateway (network mode none?); agents that call a model"
                + " through arena's gateway need a network", null);
    }

    @Override
    public ExecResult exec(String command, Duration timeout) throws InterruptedException {
        long seconds = Math.max(1, timeout.toSeconds());
        String wrapped = "if command -v timeout >/dev/null 2>&1; then exec timeout -s KILL " + seconds
                + " sh -c \"$0\"; else exec sh -c \"$0\"; fi";
        BoundedOutput out = new BoundedOutput(HEAD_LIMIT, TAIL_LIMIT);
        BoundedOutput err = new BoundedOutput(HEAD_LIMIT, TAIL_LIMIT);
        long started = System.nanoTime();
        try {
            ExecCreateCmdResponse exec = client.execCreateCmd(containerId)
                    .withCmd("sh", "-c", wrapped, command)
                    .withWorkingDir(WORKDIR)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec();
            ResultCallback.Adapter<Frame> callback = client.execStartCmd(exec.getId()).exec(new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame frame) {
                    (frame.getStreamType() == StreamType.STDERR ? err : out).append(frame.getPayload());
                }
            });
            boolean finished;
            try {
                finished = callback.awaitCompletion(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                closeQuietly(callback);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (!finished) {
                return new ExecResult(137, out.text(), err.text(), true, elapsed, out.bytes());
            }
            Long code = client.inspectExecCmd(exec.getId()).exec().getExitCodeLong();
            int exit = code == null ? -1 : code.intValue();
            boolean timedOut = exit == 137 && elapsed.compareTo(Duration.ofSeconds(seconds).minusMillis(500)) >= 0;
            return new ExecResult(exit, out.text(), err.text(), timedOut, elapsed, out.bytes());
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while running a command");
            }
            throw new SandboxException("command failed to run in the container: " + DockerEngine.rootMessage(e), e);
        }
    }

    @Override
    public void copyIn(Path hostPath, String containerPath) {
        put(TarArchives.of(hostPath, containerPath));
    }

    @Override
    public void writeFile(String containerPath, byte[] content) {
        put(TarArchives.ofFile(containerPath, content));
    }

    @Override
    public byte[] readFile(String containerPath) {
        try (InputStream in = client.copyArchiveFromContainerCmd(containerId, containerPath).exec()) {
            return TarArchives.firstFile(in);
        } catch (IOException | RuntimeException e) {
            throw new SandboxException("cannot read " + containerPath + " from the container: " + DockerEngine.rootMessage(e), e);
        }
    }

    @Override
    public InputStream readArchive(String containerPath) {
        try {
            return client.copyArchiveFromContainerCmd(containerId, containerPath).exec();
        } catch (NotFoundException e) {
            if (running()) {
                throw new NoSuchPathException("no " + containerPath + " in the container", e);
            }
            throw new SandboxException("cannot read " + containerPath + ": the container is gone", e);
        } catch (RuntimeException e) {
            throw new SandboxException("cannot read " + containerPath + " from the container: " + DockerEngine.rootMessage(e), e);
        }
    }

    @Override
    public void writeArchive(InputStream tar) {
        put(tar);
    }

    private void put(byte[] tar) {
        put(new ByteArrayInputStream(tar));
    }

    private boolean running() {
        try {
            return Boolean.TRUE.equals(client.inspectContainerCmd(containerId).exec().getState().getRunning());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Unpacks a tar whose entries carry absolute container paths (without the leading '/') at the
     * root: Docker creates missing parents itself, so no mkdir round trip is needed.
     */
    private void put(InputStream tar) {
        try {
            client.copyArchiveToContainerCmd(containerId)
                    .withRemotePath("/")
                    .withTarInputStream(tar)
                    .exec();
        } catch (RuntimeException e) {
            throw new SandboxException("cannot copy files into the container: " + DockerEngine.rootMessage(e), e);
        }
    }

    /**
     * A pause (the freezer cgroup: answered once every process is frozen, in milliseconds, where a
     * kill waits for the engine's whole cleanup); a kill where the engine cannot pause. A container
     * already stopped, paused or removed is left as it is.
     */
    @Override
    public void stop() {
        boolean interrupted = Thread.interrupted();
        try {
            client.pauseContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            kill();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends the main process and so everything in the container; one not running is left as it is. */
    void kill() {
        try {
            client.killContainerCmd(containerId).exec();
        } catch (RuntimeException notRunning) {
            // not running (stopped, removed): nothing runs in it either way
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // a cancelled attempt closes with the interrupt flag set, which makes the HTTP client give
        // up at once: clear it for the removal and restore it afterwards
        boolean interrupted = Thread.interrupted();
        try {
            client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (RuntimeException e) {
            // already removed (for example by a cleanup of the same run)
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // the stream is done either way
        }
    }
}
