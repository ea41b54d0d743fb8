package dev.arena.gcp;

/**
 * One line of `arena setup`, `--dry-run` or `arena teardown`: what it concerns and what happened
 * (or would happen) to it.
 */
public record SetupStep(String what, Status status, String detail) {
    public enum Status {
        OK("ok"), MISSING("missing"), EXISTS("exists"), ENABLED("enabled"), WOULD_ENABLE("would enable"), CREATED("created"), UPDATED("updated"), WOULD_CREATE("would create"), WOULD_UPDATE("would update"),
        /** Exists with a configuration arena did not make; reported, never changed. */
        DIFFERS("differs"),
        /** Not attempted because an earlier step differs. */
        SKIPPED("skipped"),
        DELETED("deleted"), WOULD_DELETE("would delete"), ABSENT("absent"), KEPT("kept");

        public final String word;

        Status(String word) {
            this.word = word;
        }
    }

    public SetupStep(String what, Status status) {
        this(what, status, "");
    }

    /** A mutation that happened, as opposed to a check or a plan. */
    public boolean changed() {
        return status == Status.CREATED || status == Status.UPDATED || status == Status.DELETED || status == Status.ENABLED;
    }

    /** The steps that need a person: an existing resource that differs, or a missing permission. */
    public static java.util.List<SetupStep> problems(java.util.List<SetupStep> steps) {
        return steps.stream().filter(s -> s.status == Status.DIFFERS || s.status == Status.MISSING).toList();
    }

    public String line() {
        return String.format("%-13s %s%s", status.word, what, detail.isEmpty() ? "" : ": " + detail);
    }
}
