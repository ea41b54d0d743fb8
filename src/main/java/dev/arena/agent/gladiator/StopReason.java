package dev.arena.agent.gladiator;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why the agent loop ended; recorded as {@code stop_reason} in trajectory.json. */
enum StopReason {
    /** The model answered without calling a tool: it considers the task done. */
    ANSWERED,
    MAX_ITERATIONS,
    /** The attempt's time (minus what grading needs) ran out. */
    TIME_LIMIT,
    /** The model API kept failing; the attempt ends as an error. */
    MODEL_ERROR,
    /** Even after dropping old exchanges the conversation does not fit the model's context. */
    CONTEXT_EXHAUSTED,
    /** The attempt's budget (--max-tokens-per-task, --max-cost-per-task) or the run's (--max-cost) was spent before a call. */
    BUDGET;

    @JsonValue
    String json() {
        return name().toLowerCase();
    }
}
