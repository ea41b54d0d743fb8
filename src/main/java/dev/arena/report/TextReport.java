package dev.arena.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The report as plain-text tables for a terminal. */
public final class TextReport {
    private static final int LISTED = 20;
    private final PrintStream out;

    public TextReport(PrintStream out) {
        this.out = out;
    }

    public void print(Report report) {
        report.runs().forEach(this::run);
        report.comparisons().forEach(this::comparison);
    }

    private void run(RunReport run) {
        out.printf("%nrun %s, agent %s%s%s%n", run.runId(), run.agent(), run.model() == null ? "" : " (" + run.model() + ")",
                run.attemptsPerTask() > 1 ? ", " + run.attemptsPerTask() + " attempts per task" : "");
        if (!run.modelSettings().isEmpty()) {
            out.println("model settings: " + run.modelSettings().describe());
        }
        int width = Math.max(8, run.datasets().keySet().stream().mapToInt(String::length).max().orElse(0));
        // with several attempts per task the verdict counts are attempts, so say how many there were
        boolean attempts = run.attemptsPerTask() > 1;
        String row = "%-" + width + "s %6s" + (attempts ? " %8s" : "%s") + " %7s %7s %6s %6s  %-30s %s%n";
        out.printf(row, "dataset", "tasks", attempts ? "attempts" : "", "missing", "passed", "failed", "errors",
                "strict (errors fail) [95% CI]", "valid only (errors out) [95% CI]");
        run.datasets().forEach((name, s) -> scores(row, name, s, attempts));
        scores(row, "total", run.overall(), attempts);
        if (!run.overall().errorsByKind().isEmpty()) {
            out.println("errors by kind: " + joined(run.overall().errorsByKind()));
        }
        for (Scores.KScore k : run.overall().passAtK()) {
            out.printf("pass@%d %s   pass^%d %s   (%d tasks)%n", k.k(), share(k.passAtK()), k.k(), share(k.passHatK()), k.tasks());
        }
        usage(run.usage());
        list("flaky tasks (attempts disagree)", run.flakyTasks());
        list("broken tasks (the gold patch does not pass)", run.brokenTasks().stream()
                .map(b -> b.task() + " " + (b.errorKind() == null ? b.verdict() : b.verdict() + ":" + b.errorKind())).toList());
        list("changes to protected paths, not applied at grading", run.protectedChanges().stream()
                .map(c -> c.task() + (c.attempt() > 1 ? " #" + c.attempt() : "") + " " + c.verdict() + ": " + String.join(", ", c.paths()))
                .toList());
    }

    private void scores(String row, String name, Scores s, boolean attempts) {
        out.printf(row, name, s.tasks(), attempts ? String.valueOf(s.attempts()) : "", s.missing(), s.passed(), s.failed(), s.errors(),
                s.strict().describe(), s.validOnly().describe());
    }

    private void usage(Usage u) {
        String cost = u.costUsd() == null ? "unpriced" : String.format("$%.4f", u.costUsd())
                + (u.unpricedAttempts() > 0 ? " + " + u.unpricedAttempts() + " unpriced attempt(s)" : "");
        out.printf("tokens: %,d in, %,d out; cost: %s%n", u.inputTokens(), u.outputTokens(), cost);
        Usage.Durations d = u.durationSeconds();
        if (d.median() != null) {
            out.printf("time: %.0fs in all; per attempt median %.1fs, p90 %.1fs, max %.1fs%n", d.total(), d.median(), d.p90(), d.max());
            out.println("time per phase: " + u.phaseSeconds().entrySet().stream()
                    .map(e -> String.format("%s %.0fs", e.getKey(), e.getValue())).collect(Collectors.joining(", ")));
            out.println("slowest: " + u.slowest().stream().limit(5)
                    .map(s -> String.format("%s%s %.1fs", s.task(), s.attempt() > 1 ? " #" + s.attempt() : "", s.seconds()))
                    .collect(Collectors.joining(", ")));
        }
    }

    private void comparison(Comparison c) {
        out.printf("%n%s vs %s on %d task(s) both judged (%d not comparable):%n", c.first(), c.second(), c.compared(), c.notCompared());
        if (!c.settingsDiffer().isEmpty()) {
            out.println("  the runs used different model settings (" + String.join(", ", c.settingsDiffer())
                    + "): the difference is not the agent's alone");
        }
        out.printf("  both passed %d, only %s %d, only %s %d, both failed %d; exact McNemar p = %.4g%n",
                c.bothPassed(), c.first(), c.onlyFirst(), c.second(), c.onlySecond(), c.bothFailed(), c.pValue());
        list("  flipped", c.flipped().stream().map(f -> f.task() + " " + f.first() + " -> " + f.second()).toList());
    }

    private void list(String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        String shown = String.join(", ", items.subList(0, Math.min(LISTED, items.size())));
        out.println(title + " (" + items.size() + "): " + shown + (items.size() > LISTED ? ", ..." : ""));
    }

    private static String joined(Map<String, Integer> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String share(Double value) {
        return value == null ? "-" : String.format("%.3f", value);
    }
}
