package dev.arena.agent.gladiator;

/** A tool could not do what the model asked; the message goes back to the model as an error result. */
final class ToolException extends Exception {
    ToolException(String message) {
        super(message);
    }
}
