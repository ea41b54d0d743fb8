package dev.arena.eval;

import dev.arena.result.Phase;
import dev.arena.result.TaskResult;

/**
 * What an attempt tells while it runs, for whoever shows or keeps it before the attempt ends
 * (a pod's stdout, its log checkpoints). Called on the attempt's threads; must not throw.
 */
public interface AttemptListener {
    AttemptListener NONE = new AttemptListener() {
    };

    /** One entry of the task log as it is appended, time included, without the final newline. */
    default void logged(String entry) {
    }

    /** The attempt enters {@code phase}. */
    default void phase(Phase phase) {
    }

    /** The result is known; its files are about to be stored. */
    default void finished(TaskResult result) {
    }
}
