package dev.arena;

/**
 * An error meant for a person: a one-line message saying what failed and how to fix it, plus
 * the exit code the process should end with. Thrown anywhere; turned into output only by the CLI.
 */
public class ArenaException extends RuntimeException {
    private final ExitCode exitCode;

    public ArenaException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public ArenaException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static ArenaException usage(String message) {
        return new ArenaException(ExitCode.USAGE, message);
    }

    public static ArenaException environment(String message, Throwable cause) {
        return new ArenaException(ExitCode.ENVIRONMENT, message, cause);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
