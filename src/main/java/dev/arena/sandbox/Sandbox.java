package dev.arena.sandbox;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The isolated environment a task runs in: the project lives in {@link #WORKDIR}, commands run
 * there with a time limit, and files move in and out. Agents and the grader see only this
 * interface; Docker stays behind {@link DockerSandbox}.
 */
public interface Sandbox extends AutoCloseable {
    String WORKDIR = "/app";

    /** Runs {@code command} with {@code sh -c} in {@link #WORKDIR}; never longer than {@code timeout}. */
    ExecResult exec(String command, Duration timeout) throws InterruptedException;

    /** Copies a host file or folder (recursively) to {@code containerPath}; missing parents are created. */
    void copyIn(Path hostPath, String containerPath);

    void writeFile(String containerPath, byte[] content);

    byte[] readFile(String containerPath);

    /**
     * A tar stream of the file or folder at {@code containerPath}, read through the engine without
     * running anything in the sandbox (so it works whatever the sandbox's own programs have become).
     * Entries are named from the path's last element: reading {@code /app} gives {@code app/},
     * {@code app/src/x.py}, ...; symlinks are entries of their own, never followed. The caller closes
     * the stream. Throws {@link NoSuchPathException} when the sandbox is up but the path is not there,
     * {@link SandboxException} when it cannot be read otherwise.
     */
    InputStream readArchive(String containerPath);

    /**
     * Unpacks a tar stream at the sandbox's root: entry names are absolute paths without the
     * leading '/' ({@code arena/agent/x.py}); missing parents are created; folders, files, their
     * modes and symlinks are kept. Runs nothing in the sandbox.
     */
    void writeArchive(InputStream tar);

    /**
     * The address of the sandbox network's gateway as the container sees it: the one host address
     * the sandbox can reach, where arena's model gateway listens for it. Throws
     * {@link SandboxException} when the sandbox has no network (network mode none).
     */
    java.net.InetAddress networkGateway();

    /**
     * Stops every process in the sandbox at once (frozen where the engine can, else killed): none
     * runs again, and the files stay as they are, readable through {@link #readArchive}, until
     * {@link #close} removes it all. Quicker than a removal, so a caller can stop an agent, read
     * its files at one moment, and remove its sandbox later. Safe on a stopped sandbox.
     */
    void stop();

    /** Removes the sandbox and everything running in it. Safe to call more than once. */
    @Override
    void close();
}
