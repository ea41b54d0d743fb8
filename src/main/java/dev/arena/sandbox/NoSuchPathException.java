package dev.arena.sandbox;

/**
 * The sandbox is up but the path asked for is not there (an agent may have removed it): the
 * sandbox's content, not a failure of the infrastructure.
 */
public class NoSuchPathException extends SandboxException {
    public NoSuchPathException(String message, Throwable cause) {
        super(message, cause);
    }
}
