package dev.arena.result;

/**
 * A failure that ends an attempt as an error of a known kind. Phases throw it; the evaluator
 * turns it into the result, so the kind comes from the exception type, not from message text.
 */
public class EvaluationException extends Exception {
    private final ErrorKind kind;
    private AgentUsage usage;

    public EvaluationException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public EvaluationException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Attaches what an agent consumed before it failed, so result.json still counts the tokens paid for. */
    public EvaluationException withUsage(AgentUsage spent) {
        this.usage = spent;
        return this;
    }

    /** What the agent consumed before failing, or null when not known. */
    public AgentUsage usage() {
        return usage;
    }
}
