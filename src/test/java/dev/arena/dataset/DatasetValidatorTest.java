package dev.arena.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DatasetValidatorTest {

    private static final String DESCRIPTION = """
            task_description: |
              Add a --reverse flag to the sorter.
            difficulty: easy
            """;
    private static final String DIFF = """
            diff --git a/src/sort.py b/src/sort.py
            --- a/src/sort.py
            +++ b/src/sort.py
            @@ -1 +1 @@
            -def sort(xs): return sorted(xs)
            +def sort(xs, reverse=False): return sorted(xs, reverse=reverse)
            """;

    @TempDir
    Path tmp;

    private static void write(Path root, String relative, String content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    /** A dataset with no problems: Dockerfile, run_tests.sh and complete tasks. */
    private Path goodDataset(String name, String... taskIds) throws IOException {
        Path dir = tmp.resolve(name);
        write(dir, "Dockerfile", "FROM python:3.12-slim\n");
        write(dir, "run_tests.sh", "#!/bin/sh\npytest\n");
        write(dir, "src/sort.py", "def sort(xs): return sorted(xs)\n");
        for (String id : taskIds) {
            goodTask(dir, id);
        }
        return dir;
    }

    private static void goodTask(Path dataset, String id) throws IOException {
        write(dataset, "tasks/" + id + "/task_description.txt", DESCRIPTION);
        write(dataset, "tasks/" + id + "/task_diff.txt", DIFF);
    }

    private static List<Problem> validate(Path dir) {
        return DatasetValidator.validate(DatasetLoader.load(dir));
    }

    @Test
    void aGoodDatasetHasNoProblems() throws IOException {
        assertEquals(List.of(), validate(goodDataset("good", "task-1", "task-2", "task-10")));
    }

    @Test
    void aPlainTextDescriptionIsFine() throws IOException {
        Path dir = goodDataset("plain", "task-1");
        write(dir, "tasks/task-1/task_description.txt", "Make the sorter stable.\n");
        assertEquals(List.of(), validate(dir));
    }

    @Test
    void reportsAMissingDockerfile() throws IOException {
        Path dir = goodDataset("ds", "task-1");
        Files.delete(dir.resolve("Dockerfile"));
        assertEquals(List.of(new Problem("ds", null, "no Dockerfile")), validate(dir));
    }

    @Test
    void aValidArenaJsonIsFineAndAnInvalidOneIsAProblem() throws IOException {
        Path dir = goodDataset("ds", "task-1");
        write(dir, "arena.json", "{\"tests_network\": \"bridge\", \"protected_paths\": [\"fixtures/**\"]}");
        assertEquals(List.of(), validate(dir));
        write(dir, "arena.json", "{\"tests_network\": \"host\"}");
        assertEquals(List.of(new Problem("ds", null, "arena.json: tests_network must be \"none\" or \"bridge\", not \"host\"")),
                validate(dir));
    }

    @Test
    void reportsAMissingTestScript() throws IOException {
        Path dir = goodDataset("ds", "task-1");
        Files.delete(dir.resolve("run_tests.sh"));
        assertEquals(List.of(new Problem("ds", null, "no run_tests.sh")), validate(dir));
    }

    @Test
    void reportsADatasetWithoutTasks() throws IOException {
        Path dir = goodDataset("ds");
        assertEquals(List.of(new Problem("ds", null, "no tasks (expected folders under tasks/)")), validate(dir));
        Files.createDirectories(dir.resolve("tasks"));
        write(dir, "tasks/notes.txt", "a file is not a task");
        assertEquals(List.of(new Problem("ds", null, "no tasks (expected folders under tasks/)")), validate(dir));
    }

    @Test
    void reportsEveryDatasetLevelProblemAtOnce() throws IOException {
        Path dir = tmp.resolve("empty");
        Files.createDirectories(dir.resolve("tasks"));
        assertEquals(List.of(
                new Problem("empty", null, "no Dockerfile"),
                new Problem("empty", null, "no run_tests.sh"),
                new Problem("empty", null, "no tasks (expected folders under tasks/)")), validate(dir));
    }

    @Test
    void reportsATaskWithoutDescription() throws IOException {
        Path dir = goodDataset("ds", "task-1", "task-2");
        Files.delete(dir.resolve("tasks/task-2/task_description.txt"));
        assertEquals(List.of(new Problem("ds", "task-2", "no task_description.txt")), validate(dir));
    }

    @Test
    void reportsABlankDescription() throws IOException {
        Path dir = goodDataset("ds", "task-1");
        write(dir, "tasks/task-1/task_description.txt", "  \n\n\t\n");
        assertEquals(List.of(new Problem("ds", "task-1",
                "unparsable task_description.txt: task description is empty")), validate(dir));
    }

    @Test
    void reportsADescriptionWithOnlyMetadata() throws IOException {
        Path dir = goodDataset("ds", "task-1");
        write(dir, "tasks/task-1/task_description.txt", "difficulty: easy\ncategory: Bug Fix\n");
        assertEquals(List.of(new Problem("ds", "task-1",
                "unparsable task_description.txt: no description text found, only the keys [difficulty, category]")),
                validate(dir));
    }

    @Test
    void reportsAMissingGoldDiff() throws IOException {
        Path dir = goodDataset("ds", "task-1");
        Files.delete(dir.resolve("tasks/task-1/task_diff.txt"));
        assertEquals(List.of(new Problem("ds", "task-1", "no task_diff.txt (the oracle cannot check this task)")),
                validate(dir));
    }

    @Test
    void reportsAGoldDiffThatIsNotADiff() throws IOException {
        Path dir = goodDataset("ds", "task-1");
        write(dir, "tasks/task-1/task_diff.txt", "Just change the sort function to take reverse.\n");
        assertEquals(List.of(new Problem("ds", "task-1", "task_diff.txt is not a unified diff")), validate(dir));
    }

    @Test
    void reportsAGoldDiffThatTouchesTasks() throws IOException {
        Path dir = goodDataset("ds", "task-1");
        write(dir, "tasks/task-1/task_diff.txt", DIFF + """
                --- a/tasks/task-1/task_tests.py
                +++ b/tasks/task-1/task_tests.py
                @@ -1 +1 @@
                -assert False
                +assert True
                """);
        assertEquals(List.of(new Problem("ds", "task-1", "task_diff.txt changes tasks/task-1/task_tests.py, "
                + "which grading overwrites with the hidden tests")), validate(dir));
    }

    @Test
    void aGoldDiffTouchingANestedTasksFolderIsFine() throws IOException {
        Path dir = goodDataset("ds", "task-1");
        write(dir, "tasks/task-1/task_diff.txt", """
                --- a/src/tasks/queue.py
                +++ b/src/tasks/queue.py
                @@ -1 +1 @@
                -x
                +y
                """);
        assertEquals(List.of(), validate(dir));
    }

    @Test
    void reportsCaseInsensitiveDuplicateTaskIds() throws IOException {
        Path dir = goodDataset("ds", "task-1");
        Files.createDirectories(dir.resolve("tasks/Task-1"));
        try (Stream<Path> entries = Files.list(dir.resolve("tasks"))) {
            assumeTrue(entries.count() == 2, "the file system folds case");
        }
        goodTask(dir, "Task-1");
        // natural order compares characters, so "Task-1" ('T') sorts before "task-1" ('t') and is seen first
        assertEquals(List.of(new Problem("ds", "task-1", "duplicate task id (clashes with Task-1)")), validate(dir));
    }

    @Test
    void reportsAnUnsafeTaskId() throws IOException {
        Path dir = goodDataset("ds", "task-1");
        goodTask(dir, "my task");
        assertEquals(List.of(new Problem("ds", "my task",
                "task id may only hold letters, digits, '.', '_' and '-' (at most 63)")), validate(dir));
    }

    @Test
    void reportsAnUnsafeDatasetName() throws IOException {
        Path dir = goodDataset("_private", "task-1");
        assertEquals(List.of(new Problem("_private", null,
                "name may only hold letters, digits, '.', '_' and '-' (at most 63)")), validate(dir));
    }

    @Test
    void reportsEveryTaskProblemInTaskOrder() throws IOException {
        Path dir = goodDataset("ds", "task-1");
        Files.createDirectories(dir.resolve("tasks/task-10"));
        write(dir, "tasks/task-2/task_diff.txt", "not a diff");
        assertEquals(List.of(
                new Problem("ds", "task-2", "no task_description.txt"),
                new Problem("ds", "task-2", "task_diff.txt is not a unified diff"),
                new Problem("ds", "task-10", "no task_description.txt"),
                new Problem("ds", "task-10", "no task_diff.txt (the oracle cannot check this task)")), validate(dir));
    }

    @Test
    void problemToStringNamesDatasetAndTask() {
        assertEquals("ds/task-1: no task_description.txt", new Problem("ds", "task-1", "no task_description.txt").toString());
        assertEquals("ds: no Dockerfile", new Problem("ds", null, "no Dockerfile").toString());
    }

    @Test
    void theBundledExampleDatasetsHaveNoProblems() {
        List<Dataset> all = DatasetLoader.loadAll(Path.of("examples/datasets"));
        assertEquals(List.of("js-inventory", "py-textkit"), all.stream().map(Dataset::name).toList());
        for (Dataset d : all) {
            assertEquals(List.of(), DatasetValidator.validate(d), d.name());
        }
        assertEquals(List.of("task-1", "task-2", "task-3"), all.get(0).tasks().stream().map(Task::id).toList());
        assertEquals(List.of("task-1", "task-2", "task-3", "task-4"), all.get(1).tasks().stream().map(Task::id).toList());
    }
}
