package dev.arena.result;

import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome of one attempt. {@code ERROR} means we could not evaluate, never that the agent failed. */
public enum Verdict {
    PASSED, FAILED, ERROR;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }
}
