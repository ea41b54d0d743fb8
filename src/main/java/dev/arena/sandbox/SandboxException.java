package dev.arena.sandbox;

/** The sandbox itself failed (engine unreachable, container gone): an infrastructure error. */
public class SandboxException extends RuntimeException {
    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
