package dev.arena.k8s;

/**
 * One value {@code arena scale} sets (a node pool's autoscaling range or size, the default
 * parallelism, a running Job's parallelism): its value before and after, and what changing it
 * does beyond that (empty: nothing worth saying).
 */
public record ScaleChange(String what, String before, String after, String note) {
    public ScaleChange(String what, String before, String after) {
        this(what, before, after, "");
    }

    public boolean changes() {
        return !before.equals(after);
    }

    /** "would change  WHAT: BEFORE -> AFTER (NOTE)", "changed ..." or "unchanged    WHAT: VALUE". */
    public String line(boolean dryRun) {
        String status = !changes() ? "unchanged" : dryRun ? "would change" : "changed";
        String values = changes() ? before + " -> " + after : after;
        return String.format("%-13s %s: %s%s", status, what, values, note.isEmpty() || !changes() ? "" : " (" + note + ")");
    }
}
