package dev.arena.eval;

import dev.arena.dataset.Dataset;
import dev.arena.dataset.Task;

/** One attempt to evaluate: which run, which task of which dataset, which attempt of how many. */
public record Attempt(String runId, Dataset dataset, Task task, int number, int passAtK) {
    public String label() {
        return dataset.name() + "/" + task.id() + (passAtK > 1 ? " #" + number : "");
    }
}
