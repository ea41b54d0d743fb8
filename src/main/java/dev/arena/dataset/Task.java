package dev.arena.dataset;

import java.nio.file.Path;

/** One task of a dataset: its id (the folder name under {@code tasks/}) and that folder. */
public record Task(String id, Path dir) {
    public static final String DESCRIPTION_FILE = "task_description.txt";
    public static final String GOLD_DIFF_FILE = "task_diff.txt";

    public Path descriptionFile() {
        return dir.resolve(DESCRIPTION_FILE);
    }

    public Path goldDiffFile() {
        return dir.resolve(GOLD_DIFF_FILE);
    }
}
