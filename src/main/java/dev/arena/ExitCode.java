package dev.arena;

/**
 * Exit codes of every arena command. Documented in the README; scripts depend on them.
 */
public enum ExitCode {
    /** Everything worked (for {@code run}: every item produced a result, whatever its verdict). */
    OK(0),
    /** The command ran but found problems: validation problems, a run with errors, missing results. */
    PROBLEMS(1),
    /** Bad input: unknown flag, missing file, malformed value. */
    USAGE(2),
    /** The environment is not usable: Docker unreachable, image cannot be built, storage unavailable. */
    ENVIRONMENT(3),
    /**
     * {@code evaluate --run} only: the model's rate limit outlasted the attempt's own retries and
     * the pod may still wait for it; the Job runs the index again later without counting a failure
     * (EX_TEMPFAIL of sysexits.h; job.yaml's podFailurePolicy ignores it).
     */
    RATE_LIMITED(75),
    /** Stopped by the user (Ctrl+C). */
    INTERRUPTED(130),
    /** A bug in arena itself. */
    INTERNAL(70);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
