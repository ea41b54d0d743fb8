package dev.arena.sandbox;

/**
 * A dataset's image could not be built or pulled; the message is one line fit for a person, and
 * {@link #buildLog()} the builder's full output when there is one, so each task's log can show it.
 */
public class ImageBuildException extends RuntimeException {
    private final String buildLog;

    public ImageBuildException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public ImageBuildException(String message, String buildLog, Throwable cause) {
        super(message, cause);
        this.buildLog = buildLog;
    }

    /** The build output up to the failure, or null when nothing was built. */
    public String buildLog() {
        return buildLog;
    }
}
