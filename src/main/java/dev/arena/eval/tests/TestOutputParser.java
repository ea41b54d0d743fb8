package dev.arena.eval.tests;

import java.util.Optional;

/** Recognises one test runner's console output. */
public interface TestOutputParser {

    /** The name stored in {@link TestReport#format()}, e.g. "pytest". */
    String format();

    /** The report, or empty when the output is not in this parser's format. */
    Optional<TestReport> parse(String output);
}
