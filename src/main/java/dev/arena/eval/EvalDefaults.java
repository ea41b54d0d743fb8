package dev.arena.eval;

import java.time.Duration;

/**
 * What an evaluation uses when the operator does not say: built in for local runs, and in the
 * cluster the values `arena deploy` stored in the arena-config ConfigMap (so changing them there
 * takes effect for the next run). {@code agent} null means "must be given".
 */
public record EvalDefaults(String agent, int maxIterations, Duration taskTimeout, long pidsLimit, int nofile) {
    public static final EvalDefaults LOCAL = new EvalDefaults(null, EvalSettings.DEFAULT_MAX_ITERATIONS, EvalSettings.DEFAULT_TASK_TIMEOUT);

    /** With the built-in limits of task containers (pids, open files). */
    public EvalDefaults(String agent, int maxIterations, Duration taskTimeout) {
        this(agent, maxIterations, taskTimeout, EvalSettings.DEFAULT_PIDS_LIMIT, EvalSettings.DEFAULT_NOFILE);
    }
}
