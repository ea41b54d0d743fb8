package dev.arena.dataset;

/** A task description that cannot be used; the message is one line saying what is wrong. */
public final class DescriptionException extends Exception {

    private static final long serialVersionUID = 1L;

    public DescriptionException(String message) {
        super(message);
    }
}
