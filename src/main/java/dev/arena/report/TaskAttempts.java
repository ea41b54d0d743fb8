package dev.arena.report;

import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.run.WorkItem;

import java.util.List;

/** One task of one run: the attempts planned and the results present (errors included). */
public record TaskAttempts(TaskKey key, List<WorkItem> planned, List<TaskResult> results) {

    public int passed() {
        return (int) results.stream().filter(r -> r.verdict() == Verdict.PASSED).count();
    }

    /** Attempts with a verdict from the tests, passed or failed; errors are not evaluations. */
    public int evaluated() {
        return (int) results.stream().filter(r -> r.verdict() != Verdict.ERROR).count();
    }

    /** The verdict of attempt 1, which is what a pass@1 comparison between runs looks at; null when missing. */
    public Verdict firstVerdict() {
        return results.stream().filter(r -> r.attempt() == 1).map(TaskResult::verdict).findFirst().orElse(null);
    }

    /** Passed in some evaluated attempts and failed in others. */
    public boolean flaky() {
        int passed = passed();
        return passed > 0 && passed < evaluated();
    }

    /**
     * One word for the task in this run: its verdict when every attempt agrees, "mixed" when
     * attempts disagree, "missing" with no result at all. An error next to failures reads "failed".
     */
    public String summary() {
        if (results.isEmpty()) {
            return "missing";
        }
        int passed = passed();
        if (passed == results.size()) {
            return "passed";
        }
        if (passed > 0) {
            return "mixed";
        }
        return evaluated() == 0 ? "error" : "failed";
    }
}
