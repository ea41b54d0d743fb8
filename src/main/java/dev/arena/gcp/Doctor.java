package dev.arena.gcp;

import dev.arena.ArenaException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** `arena doctor`: runs every check in order, one line each; one check failing never stops the others. */
public final class Doctor {
    public record Line(String check, Check.Outcome outcome) {
        public String text() {
            Check.Outcome o = outcome;
            return (o.ok() ? "ok    " : "FAIL  ") + check + (o.detail().isEmpty() ? "" : ": " + o.detail())
                    + (o.ok() || o.fix().isEmpty() ? "" : " -> " + o.fix());
        }
    }

    private final List<Check> checks;

    public Doctor(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public List<Line> run(Consumer<Line> onLine) {
        List<Line> lines = new ArrayList<>();
        for (Check c : checks) {
            Check.Outcome outcome;
            try {
                outcome = c.run();
            } catch (ArenaException e) {
                outcome = Check.Outcome.fail("", e.getMessage());
            } catch (RuntimeException e) {
                // a check should turn what it expects into a fix; anything else is shown as it came
                outcome = Check.Outcome.fail(e.getClass().getSimpleName() + ": " + GcpErrors.firstLine(e.getMessage()),
                        "unexpected: please report this line");
            }
            Line line = new Line(c.name(), outcome);
            lines.add(line);
            onLine.accept(line);
        }
        return lines;
    }

    public static boolean allOk(List<Line> lines) {
        return lines.stream().allMatch(l -> l.outcome().ok());
    }
}
