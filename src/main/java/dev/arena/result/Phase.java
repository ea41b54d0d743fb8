package dev.arena.result;

import java.util.Locale;

/**
 * The phases of an attempt, in pipeline order. {@code result.json} names them in lower case, in
 * {@code phase} (where an error happened) and in {@code phase_seconds}. {@code BASELINE} (a git
 * commit of /app in the agent's sandbox) is no longer entered: the patch is taken by diffing against
 * the pristine tree in the grading sandbox (PATCH). It stays so results written before keep their
 * place in reports and CSV columns.
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
