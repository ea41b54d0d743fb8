package dev.arena.testing;

import org.junit.jupiter.api.Assumptions;

/** The one rule for a test that needs something the machine may lack: skip here, fail under CI. */
public final class Requirement {
    private Requirement() {
    }

    /**
     * Does nothing when {@code problem} is null; otherwise skips the test on a developer machine
     * and fails it under {@code CI=true}, so a CI run can never pass by skipping.
     */
    public static void check(String problem) {
        if (problem == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + problem);
        }
        Assumptions.abort(problem);
    }
}
