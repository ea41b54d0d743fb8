package dev.arena.report;

/** A task across runs: the same dataset and task id name the same task in every run. */
public record TaskKey(String dataset, String task) implements Comparable<TaskKey> {
    public String label() {
        return dataset + "/" + task;
    }

    @Override
    public int compareTo(TaskKey other) {
        int byDataset = dataset.compareTo(other.dataset);
        return byDataset != 0 ? byDataset : task.compareTo(other.task);
    }
}
