package dev.arena.cli;

import dev.arena.run.RunStatus;

import java.io.PrintStream;
import java.util.Map;

/** Prints a run's status as a table per dataset, for people (stderr); scripts use --json. */
final class StatusPrinter {
    private final PrintStream out;

    StatusPrinter(PrintStream out) {
        this.out = out;
    }

    void print(RunStatus s, String where) {
        out.printf("%nrun %s, agent %s%s: %d of %d item(s) done%n", s.runId(), s.agent(),
                s.model() == null ? "" : " (" + s.model() + ")", s.done(), s.items());
        int width = Math.max(8, s.datasets().keySet().stream().mapToInt(String::length).max().orElse(0));
        String row = "%-" + width + "s %6s %6s %7s %7s %7s %10s%n";
        out.printf(row, "dataset", "items", "done", "passed", "failed", "errors", "pass rate");
        for (Map.Entry<String, RunStatus.DatasetStatus> e : s.datasets().entrySet()) {
            RunStatus.DatasetStatus d = e.getValue();
            out.printf(row, e.getKey(), d.items(), d.done(), d.passed(), d.failed(), d.errors(), rate(d.passed(), d.done()));
        }
        out.printf(row, "total", s.items(), s.done(), s.passed(), s.failed(), s.errors(), rate(s.passed(), s.done()));
        if (s.passAtK() > 1) {
            out.printf("pass@%d: %d of %d task(s) passed in at least one attempt%n", s.passAtK(), s.tasksPassed(), s.tasks());
        }
        if (!s.errorsByKind().isEmpty()) {
            out.println("errors by kind: " + s.errorsByKind());
        }
        if (s.inputTokens() + s.outputTokens() > 0) {
            out.printf("tokens: %,d in, %,d out; cost: %s%n", s.inputTokens(), s.outputTokens(),
                    s.costUsd() == null ? "unpriced" : String.format("$%.4f", s.costUsd())
                            + (s.unpricedAttempts() > 0 ? " + " + s.unpricedAttempts() + " unpriced attempt(s)" : ""));
        }
        if (!s.missing().isEmpty()) {
            int shown = Math.min(10, s.missing().size());
            out.println("missing (" + s.missing().size() + "): " + String.join(", ", s.missing().subList(0, shown))
                    + (shown < s.missing().size() ? ", ..." : ""));
        }
        out.println("results: " + where);
    }

    private static String rate(int passed, int done) {
        return done == 0 ? "-" : String.format("%.1f%%", 100.0 * passed / done);
    }
}
