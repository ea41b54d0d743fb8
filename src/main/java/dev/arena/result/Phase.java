package dev.arena.result;

import java.util.Locale;

/**
 * The phases of an attempt, in pipeline order. {@code result.json} names them in lower case, in
 * {@code phase} (where an error happened) and in {@code phase_seconds}.
 */
public enum Phase {
    IMAGE, SANDBOX, BASELINE, AGENT, PATCH, GRADING;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rank of a phase named in a result file, or -1 for a name this version does not know. */
    public static int rank(String json) {
        for (Phase p : values()) {
            if (p.json().equals(json)) {
                return p.ordinal();
            }
        }
        return -1;
    }
}
