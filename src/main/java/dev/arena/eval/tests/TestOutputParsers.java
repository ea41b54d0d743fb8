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
     */
    public static TestReport parse(String output, String preferredFormat) {
        if (output == null || output.isBlank()) {
            return TestReport.none();
        }
        List<TestOutputParser> order = new ArrayList<>();
        PARSERS.stream().filter(p -> p.format().equalsIgnoreCase(preferredFormat)).forEach(order::add);
        PARSERS.stream().filter(p -> !order.contains(p)).forEach(order::add);
        for (TestOutputParser parser : order) {
            try {
                Optional<TestReport> report = parser.parse(output);
                if (report.isPresent() && report.get().found()) {
                    return report.get();
                }
            } catch (RuntimeException | StackOverflowError e) {
                // A parser bug on odd output must not stop grading; the next format may still match.
            }
        }
        return TestReport.none();
    }
}
