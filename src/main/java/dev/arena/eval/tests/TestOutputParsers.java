package dev.arena.eval.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@code run_tests.sh} transcript with whichever known format it is in. Grading must go on whatever
 * the script printed, so this never throws: unknown or broken output gives {@link TestReport#none()}.
 */
public final class TestOutputParsers {

    // Most specific first; a bare "N passed, N failed" tally is the weakest evidence, so plain goes last.
    private static final List<TestOutputParser> PARSERS = List.of(new PytestOutputParser(),
            new JestOutputParser(), new JUnitOutputParser(), new GoTestOutputParser(),
            new PlainCountOutputParser());

    private TestOutputParsers() {
    }

    /** The parsers in the order they are tried. */
    public static List<TestOutputParser> all() {
        return PARSERS;
    }

    public static TestReport parse(String output) {
        return parse(output, null);
    }

    /**
     * Like {@link #parse(String)} but tries the parser named {@code preferredFormat} first (e.g. a dataset's
     * {@code parser_name}), so a mixed transcript is read the way the dataset intends.
     *
     * <p>The first format that matches gives the report, but its failures are at least those any other known
     * format reads in the same output: a program under test can print a forged all-pass summary of another
     * format, and must not thereby hide a real failure.
     */
    public static TestReport parse(String output, String preferredFormat) {
        if (output == null || output.isBlank()) {
            return TestReport.none();
        }
        List<TestOutputParser> order = new ArrayList<>();
        PARSERS.stream().filter(p -> p.format().equalsIgnoreCase(preferredFormat)).forEach(order::add);
        PARSERS.stream().filter(p -> !order.contains(p)).forEach(order::add);
        TestReport chosen = null;
        int mostFailed = 0;
        for (TestOutputParser parser : order) {
            Optional<TestReport> report = parseQuietly(parser, output);
            if (report.isPresent() && report.get().found()) {
                chosen = chosen == null ? report.get() : chosen;
                mostFailed = Math.max(mostFailed, report.get().failed());
            }
        }
        if (chosen == null) {
            return TestReport.none();
        }
        return mostFailed == chosen.failed() ? chosen
                : new TestReport(chosen.format(), chosen.passed(), mostFailed, chosen.skipped(), chosen.tests());
    }

    private static Optional<TestReport> parseQuietly(TestOutputParser parser, String output) {
        try {
            return parser.parse(output);
        } catch (RuntimeException | StackOverflowError e) {
            // A parser bug on odd output must not stop grading; the other formats may still match.
            return Optional.empty();
        }
    }
}
