package dev.arena.run;

/** One unit of a run: an attempt at a task of a dataset. Its index in the plan is its identity in a Job. */
public record WorkItem(String dataset, String task, int attempt) {
    public String label() {
        return dataset + "/" + task + (attempt > 1 ? " #" + attempt : "");
    }
}
