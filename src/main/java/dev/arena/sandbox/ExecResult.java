package dev.arena.sandbox;

import java.time.Duration;

/** What a command in a sandbox did. {@code timedOut} means it was killed at its time limit. */
public record ExecResult(int exitCode, String stdout, String stderr, boolean timedOut, Duration elapsed) {
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
