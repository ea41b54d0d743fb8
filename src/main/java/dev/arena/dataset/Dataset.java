package dev.arena.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A dataset in the IDE-Arena layout: a folder with a Dockerfile, {@code run_tests.sh} and
 * {@code tasks/<id>/}. Tasks are sorted by id in natural order (task-2 before task-10).
 */
public record Dataset(String name, Path dir, List<Task> tasks) {
    public static final String DOCKERFILE = "Dockerfile";
    public static final String TEST_SCRIPT = "run_tests.sh";
    public static final String TASKS_DIR = "tasks";

    public Dataset {
        tasks = List.copyOf(tasks);
    }

    public Optional<Task> task(String id) {
        return tasks.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Path testScript() {
        return dir.resolve(TEST_SCRIPT);
    }
}
