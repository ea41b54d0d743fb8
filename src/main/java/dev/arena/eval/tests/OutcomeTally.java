package dev.arena.eval.tests;

import dev.arena.result.TestOutcome;
import dev.arena.result.TestCaseResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects per-test outcomes in first-seen order, keeping the worst outcome of a name seen twice. */
final class OutcomeTally {

    private final Map<String, TestOutcome> outcomes = new LinkedHashMap<>();

    void record(String name, TestOutcome outcome) {
        String key = name == null ? "" : name.strip();
        if (!key.isEmpty()) {
            outcomes.merge(key, outcome, TestOutcome::worst);
        }
    }

    boolean isEmpty() {
        return outcomes.isEmpty();
    }

    int count(TestOutcome outcome) {
        return (int) outcomes.values().stream().filter(o -> o == outcome).count();
    }

    /** Failed plus errored, the way reports count failures. */
    int failures() {
        return ConsoleLines.add(count(TestOutcome.FAILED), count(TestOutcome.ERROR));
    }

    List<TestCaseResult> results() {
        List<TestCaseResult> results = new ArrayList<>();
        outcomes.forEach((name, outcome) -> results.add(new TestCaseResult(name, outcome)));
        return results;
    }

    /** A report whose counts come from the named tests themselves. */
    TestReport report(String format) {
        return report(format, count(TestOutcome.PASSED), failures(), count(TestOutcome.SKIPPED));
    }

    /**
     * A report whose counts come from a summary line, with whatever names were seen. It never claims fewer
     * failures than the failing tests it names: a summary printed later cannot clear them.
     */
    TestReport report(String format, int passed, int failed, int skipped) {
        return new TestReport(format, passed, Math.max(failed, failures()), skipped, results());
    }
}
