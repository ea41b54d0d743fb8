package dev.arena.result;

import java.util.Objects;

/** One named test and how it ended, as far as the console output tells. */
public record TestCaseResult(String name, TestOutcome outcome) {

    public TestCaseResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
    }
}
