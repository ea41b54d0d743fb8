package dev.arena.dataset;

import dev.arena.ArenaException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds datasets in a folder and reads their task lists. Checks nothing beyond the shape, except
 * that the files arena itself opens and copies into containers ({@code run_tests.sh},
 * {@code tasks/} and everything under it) are no symbolic links: one of those could point at any
 * file of the evaluator ({@code /proc/self/environ}) and turn it into a prompt or a test file.
 */
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
        noLink(abs, abs.resolve(Dataset.TEST_SCRIPT));
        Path tasksDir = abs.resolve(Dataset.TASKS_DIR);
        noLink(abs, tasksDir);
        if (Files.isDirectory(tasksDir, LinkOption.NOFOLLOW_LINKS)) {
            noLinkInside(abs, tasksDir);
            for (Path p : list(tasksDir)) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
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

    private static void noLink(Path root, Path p) {
        if (Files.isSymbolicLink(p)) {
            throw ArenaException.usage("unsafe dataset " + root + ": " + root.relativize(p)
                    + " is a symbolic link; run_tests.sh and the files under tasks/ must be regular files");
        }
    }

    private static void noLinkInside(Path root, Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) { // does not follow links
            walk.forEach(p -> noLink(root, p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
