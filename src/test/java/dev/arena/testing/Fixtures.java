package dev.arena.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes small datasets in the IDE-Arena layout for tests. */
public final class Fixtures {
    /** The gold diff of the fixtures' one-line project: value.txt goes from "broken" to "fixed". */
    public static final String FIX_VALUE_DIFF = """
            diff --git a/value.txt b/value.txt
            --- a/value.txt
            +++ b/value.txt
            @@ -1 +1 @@
            -broken
            +fixed
            """;

    private Fixtures() {
    }

    /** A dataset whose image is the base image plus {@code extraDockerLines}, with /app holding {@code files}. */
    public static Path dataset(Path root, String name, String dockerfileBody, String runTests, Map<String, String> files) {
        Path dir = root.resolve(name);
        write(dir.resolve("Dockerfile"), "ARG BASE_IMAGE=debian:bookworm-slim\nFROM ${BASE_IMAGE}\nWORKDIR /app\n" + dockerfileBody);
        write(dir.resolve("run_tests.sh"), runTests);
        files.forEach((path, content) -> write(dir.resolve(path), content));
        return dir;
    }

    /**
     * The one-line project as a dataset of the given tasks, each solved by {@link #FIX_VALUE_DIFF} and
     * tested by a script that prints a pytest-like summary ("1 passed, 0 failed" once value.txt says fixed).
     */
    public static Path valueDataset(Path root, String name, String... taskIds) {
        Path dir = dataset(root, name, "COPY . ./\n", "#!/bin/sh\nsh tasks/$1/task_tests.sh\n", Map.of("value.txt", "broken\n"));
        for (String id : taskIds) {
            task(dir, id, FIX_VALUE_DIFF, Map.of("task_tests.sh",
                    "if grep -q fixed /app/value.txt; then echo \"1 passed, 0 failed\"; else echo \"0 passed, 1 failed\"; exit 1; fi\n"));
        }
        return dir;
    }

    public static void task(Path dataset, String id, String goldDiff, Map<String, String> hidden) {
        Path t = dataset.resolve("tasks").resolve(id);
        write(t.resolve("task_description.txt"), "task_description: |\n  Task: " + id + "\n\n  Make the tests pass.\ndifficulty: easy\n");
        write(t.resolve("task_diff.txt"), goldDiff);
        hidden.forEach((path, content) -> write(t.resolve(path), content));
    }

    public static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
