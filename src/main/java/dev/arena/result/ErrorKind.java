package dev.arena.result;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why an attempt ended as {@link Verdict#ERROR}. Reports group errors by these words. */
public enum ErrorKind {
    /** The engine, a container or the storage failed. */
    INFRA,
    /** The dataset's image could not be built. */
    IMAGE_BUILD,
    /** The agent crashed or could not act (for the oracle: the gold diff does not apply). */
    AGENT,
    /** The model API kept failing after retries. */
    MODEL_API,
    /** The model API kept refusing for rate limits after retries. */
    RATE_LIMITED,
    /** The attempt ran past its time limit. */
    TIMEOUT,
    /** The grader itself could not run (missing interpreter, broken run_tests.sh). */
    GRADING,
    /** The task is malformed (no readable description); {@code arena validate} names the problem. */
    TASK;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }
}
