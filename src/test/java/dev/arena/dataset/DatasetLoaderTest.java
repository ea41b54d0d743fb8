package dev.arena.dataset;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetLoaderTest {

    @TempDir
    Path tmp;

    private static void touch(Path root, String relative, String content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private static Path dataset(Path parent, String name, String... taskIds) throws IOException {
        Path dir = parent.resolve(name);
        touch(dir, "Dockerfile", "FROM alpine\n");
        touch(dir, "run_tests.sh", "#!/bin/sh\n");
        for (String id : taskIds) {
            touch(dir, "tasks/" + id + "/task_description.txt", "Do " + id + ".\n");
        }
        return dir;
    }

    private static List<String> ids(Dataset d) {
        return d.tasks().stream().map(Task::id).toList();
    }

    @Test
    void loadsTasksInNaturalOrder() throws IOException {
        Path dir = dataset(tmp, "ds", "task-10", "task-2", "task-1", "task-03", "alpha");
        Dataset d = DatasetLoader.load(dir);
        assertEquals("ds", d.name());
        assertEquals(dir.toAbsolutePath().normalize(), d.dir());
        assertEquals(List.of("alpha", "task-1", "task-2", "task-03", "task-10"), ids(d));
        assertEquals(dir.resolve("tasks/task-2"), d.task("task-2").orElseThrow().dir());
        assertEquals(dir.resolve("tasks/task-2/task_description.txt"), d.task("task-2").orElseThrow().descriptionFile());
        assertEquals(dir.resolve("tasks/task-2/task_diff.txt"), d.task("task-2").orElseThrow().goldDiffFile());
        assertEquals(dir.resolve("run_tests.sh"), d.testScript());
        assertEquals(Optional.empty(), d.task("task-4"));
    }

    @Test
    void ignoresPlainFilesInTasksFolder() throws IOException {
        Path dir = dataset(tmp, "ds", "task-1");
        touch(dir, "tasks/README.md", "notes");
        touch(dir, "tasks/.DS_Store", "");
        assertEquals(List.of("task-1"), ids(DatasetLoader.load(dir)));
    }

    @Test
    void aDatasetWithoutTasksFolderHasNoTasks() throws IOException {
        Path dir = tmp.resolve("bare");
        touch(dir, "Dockerfile", "FROM alpine\n");
        Dataset d = DatasetLoader.load(dir);
        assertEquals("bare", d.name());
        assertEquals(List.of(), d.tasks());
    }

    @Test
    void theNameComesFromANormalizedPath() throws IOException {
        Path dir = dataset(tmp, "py-kit", "t1");
        assertEquals("py-kit", DatasetLoader.load(dir.resolve("tasks").resolve("..")).name());
    }

    @Test
    void loadOfAMissingFolderIsAUsageError() {
        Path missing = tmp.resolve("missing");
        ArenaException e = assertThrows(ArenaException.class, () -> DatasetLoader.load(missing));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("dataset folder not found: " + missing, e.getMessage());
    }

    @Test
    void looksLikeDatasetNeedsADockerfileOrATasksFolder() throws IOException {
        Path withDockerfile = tmp.resolve("a");
        touch(withDockerfile, "Dockerfile", "FROM alpine\n");
        Path withTasks = tmp.resolve("b");
        Files.createDirectories(withTasks.resolve("tasks"));
        Path plain = tmp.resolve("c");
        touch(plain, "notes.txt", "hello");
        Path tasksIsAFile = tmp.resolve("d");
        touch(tasksIsAFile, "tasks", "not a folder");
        Path dockerfileIsAFolder = tmp.resolve("e");
        Files.createDirectories(dockerfileIsAFolder.resolve("Dockerfile"));

        assertTrue(DatasetLoader.looksLikeDataset(withDockerfile));
        assertTrue(DatasetLoader.looksLikeDataset(withTasks));
        assertFalse(DatasetLoader.looksLikeDataset(plain));
        assertFalse(DatasetLoader.looksLikeDataset(tasksIsAFile));
        assertFalse(DatasetLoader.looksLikeDataset(dockerfileIsAFolder));
    }

    @Test
    void loadAllFindsOnlyFoldersThatLookLikeDatasetsSortedNaturally() throws IOException {
        dataset(tmp, "ds-10", "t");
        dataset(tmp, "ds-2", "t");
        Path onlyTasks = tmp.resolve("ds-1");
        Files.createDirectories(onlyTasks.resolve("tasks/x"));
        touch(tmp, "not-a-dataset/readme.txt", "hi");
        Files.createDirectories(tmp.resolve("empty-folder"));
        touch(tmp, "Dockerfile", "FROM alpine\n"); // a file directly in the root, not a dataset folder
        touch(tmp, "loose-file.txt", "x");

        List<Dataset> all = DatasetLoader.loadAll(tmp);
        assertEquals(List.of("ds-1", "ds-2", "ds-10"), all.stream().map(Dataset::name).toList());
        assertEquals(List.of("x"), ids(all.get(0)));
        assertEquals(List.of("t"), ids(all.get(2)));
    }

    @Test
    void loadAllOfAnEmptyFolderIsEmpty() {
        assertEquals(List.of(), DatasetLoader.loadAll(tmp));
    }

    @Test
    void loadAllOfAMissingFolderIsAUsageError() {
        Path missing = tmp.resolve("nowhere");
        ArenaException e = assertThrows(ArenaException.class, () -> DatasetLoader.loadAll(missing));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("datasets folder not found: " + missing, e.getMessage());
    }

    @Test
    void datasetTaskListIsACopy() throws IOException {
        Path dir = dataset(tmp, "ds", "t1");
        Dataset d = DatasetLoader.load(dir);
        assertThrows(UnsupportedOperationException.class, () -> d.tasks().add(new Task("t2", dir)));
    }

    private void assertUnsafe(Path dir, String relative) {
        ArenaException e = assertThrows(ArenaException.class, () -> DatasetLoader.load(dir));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("unsafe dataset ") && e.getMessage().contains(relative + " is a symbolic link"), e.getMessage());
    }

    @Test
    void aDescriptionThatIsALinkIsRefusedForLocalDatasetsToo() throws IOException {
        Path dir = dataset(tmp, "ds", "t1");
        Path secret = Files.writeString(tmp.resolve("secret"), "API_KEY=sk-123");
        Files.delete(dir.resolve("tasks/t1/task_description.txt"));
        Files.createSymbolicLink(dir.resolve("tasks/t1/task_description.txt"), secret);
        assertUnsafe(dir, "tasks/t1/task_description.txt");
    }

    @Test
    void aLinkedTaskFolderTestFileOrTestScriptIsRefused() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path a = dataset(tmp, "a", "t1");
        Files.createSymbolicLink(a.resolve("tasks/t2"), outside);
        assertUnsafe(a, "tasks/t2");

        Path b = dataset(tmp, "b", "t1");
        Files.createSymbolicLink(b.resolve("tasks/t1/task_tests.py"), outside.resolve("x.py"));
        assertUnsafe(b, "tasks/t1/task_tests.py");

        Path c = dataset(tmp, "c", "t1");
        Files.delete(c.resolve("run_tests.sh"));
        Files.createSymbolicLink(c.resolve("run_tests.sh"), outside.resolve("run.sh"));
        assertUnsafe(c, "run_tests.sh");
    }

    @Test
    void taskFilesAreReadWithoutFollowingALink() throws IOException {
        Path dir = dataset(tmp, "ds", "t1");
        Task task = DatasetLoader.load(dir).task("t1").orElseThrow();
        assertEquals("Do t1.\n", task.readDescription());
        // a link put in place after loading is still not followed
        Files.delete(task.descriptionFile());
        Files.createSymbolicLink(task.descriptionFile(), Files.writeString(tmp.resolve("secret"), "API_KEY=sk-123"));
        IOException e = assertThrows(IOException.class, task::readDescription);
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertThrows(IOException.class, task::readGoldDiff);
    }
}
