package dev.arena.run;

import dev.arena.result.TaskResult;

/** Events of a running run, for whoever shows progress (the terminal, a pod's log, a test). */
public interface RunListener {
    default void runStarted(RunPlan plan, int pending, int parallel) {
    }

    default void itemStarted(WorkItem item) {
    }

    default void itemFinished(WorkItem item, TaskResult result) {
    }

    /** Something the operator should know that does not stop the run. */
    default void warning(String message) {
    }

    RunListener NONE = new RunListener() {
    };
}
