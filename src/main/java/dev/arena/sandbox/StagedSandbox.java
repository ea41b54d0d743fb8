package dev.arena.sandbox;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A sandbox whose main process is two commands that arena releases one after the other, instead
 * of commands started by exec: grading runs this way, so the diff and the tests cost no exec each
 * and the tests are the container's own main process, as in a plain {@code docker run}. Started by
 * {@link SandboxProvider#startStaged}; the first command waits for {@link #prepare}, the second
 * for {@link #run}. Between the two the sandbox is idle, and its other calls work as on any sandbox.
 */
public interface StagedSandbox extends Sandbox {
    /**
     * Unpacks the tar file {@code tar} at the root (as {@link #writeArchive} does) and then runs the
     * first command with no stdin; returns once it ended, with its exit code and whole output. The
     * command does not run when the tar cannot be unpacked: that is a {@link SandboxException}.
     * Called once, before {@link #run}.
     */
    ExecResult prepare(Path tar, Duration timeout) throws InterruptedException;

    /**
     * Runs the second command as the sandbox's main process and returns once it ended (its exit
     * code is the sandbox's), stopped at {@code timeout} ({@link ExecResult#timedOut()}). Nothing
     * runs in the sandbox afterwards. Called once, after {@link #prepare}.
     */
    ExecResult run(Duration timeout) throws InterruptedException;
}
