package dev.arena.dataset;

import dev.arena.ArenaException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds datasets in a folder and reads their task lists. Checks nothing beyond the shape. */
public final class DatasetLoader {
    private DatasetLoader() {
    }

    /** A folder is a dataset when it has a Dockerfile or a tasks/ folder. */
    public static boolean looksLikeDataset(Path dir) {
        return Files.isRegularFile(dir.resolve(Dataset.DOCKERFILE)) || Files.isDirectory(dir.resolve(Dataset.TASKS_DIR));
    }

    public static Dataset load(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw ArenaException.usage("dataset folder not found: " + dir);
        }
        List<Task> tasks = new ArrayList<>();
        Path tasksDir = abs.resolve(Dataset.TASKS_DIR);
        if (Files.isDirectory(tasksDir)) {
            for (Path p : list(tasksDir)) {
                if (Files.isDirectory(p)) {
                    tasks.add(new Task(p.getFileName().toString(), p));
                }
            }
        }
        tasks.sort((a, b) -> Names.NATURAL_ORDER.compare(a.id(), b.id()));
        return new Dataset(abs.getFileName().toString(), abs, tasks);
    }

    /** Every dataset directly under {@code root}, sorted by name. */
    public static List<Dataset> loadAll(Path root) {
        if (!Files.isDirectory(root)) {
            throw ArenaException.usage("datasets folder not found: " + root);
        }
        List<Dataset> all = new ArrayList<>();
        for (Path p : list(root)) {
            if (Files.isDirectory(p) && looksLikeDataset(p)) {
                all.add(load(p));
            }
        }
        all.sort((a, b) -> Names.NATURAL_ORDER.compare(a.name(), b.name()));
        return all;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
