package dev.arena.dataset;

/** One thing wrong with a dataset; {@code task} is null when the dataset as a whole is affected. */
public record Problem(String dataset, String task, String message) {
    @Override
    public String toString() {
        return dataset + (task == null ? "" : "/" + task) + ": " + message;
    }
}
