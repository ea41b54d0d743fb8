package dev.arena.result;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How one test ended. ERROR (the test could not run, e.g. a fixture blew up) counts as a failure. */
public enum TestOutcome {
    PASSED, FAILED, SKIPPED, ERROR;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFailure() {
        return this == FAILED || this == ERROR;
    }

    /** The more alarming of two outcomes, so a test reported twice (call failed, teardown errored) keeps it. */
    public static TestOutcome worst(TestOutcome a, TestOutcome b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(TestOutcome outcome) {
        return switch (outcome) {
            case PASSED -> 0;
            case SKIPPED -> 1;
            case FAILED -> 2;
            case ERROR -> 3;
        };
    }
}
