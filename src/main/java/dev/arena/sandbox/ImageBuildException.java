package dev.arena.sandbox;

/** A dataset's image could not be built; the message is one line fit for a person. */
public class ImageBuildException extends RuntimeException {
    public ImageBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
