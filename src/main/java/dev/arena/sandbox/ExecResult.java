package dev.arena.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What a command in a sandbox did. {@code timedOut} means it was killed at its time limit.
 * {@code stdoutBytes} is stdout byte for byte as the command wrote it (for output that is not
 * text), or null when it was too long to keep whole ({@code stdout} then says what was cut).
 */
public record ExecResult(int exitCode, String stdout, String stderr, boolean timedOut, Duration elapsed, byte[] stdoutBytes) {
    /** With {@code stdoutBytes} the UTF-8 bytes of {@code stdout}. */
    public ExecResult(int exitCode, String stdout, String stderr, boolean timedOut, Duration elapsed) {
        this(exitCode, stdout, stderr, timedOut, elapsed, stdout.getBytes(StandardCharsets.UTF_8));
    }

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** stdout then stderr, for logs and error messages. */
    public String output() {
        if (stderr.isEmpty()) {
            return stdout;
        }
        return stdout.isEmpty() ? stderr : stdout + (stdout.endsWith("\n") ? "" : "\n") + stderr;
    }
}
