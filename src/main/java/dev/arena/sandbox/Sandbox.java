package dev.arena.sandbox;

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

    /** Removes the sandbox and everything running in it. Safe to call more than once. */
    @Override
    void close();
}
