package dev.arena.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.testing.Fixtures;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands that need Docker, through the real command line: evaluate, validate --with-oracle, run + status. */
@RequiresDocker
class CommandsIT {
    @TempDir
    Path tmp;

    record Outcome(int exit, String out, String err) {
    }

    @Test
    void evaluatePrintsTheResultJsonAndWritesTheFiles() throws Exception {
        Path out = tmp.resolve("one");
        Outcome r = arena("evaluate", "--dataset", "examples/datasets/py-textkit", "--task", "task-3", "--agent", "oracle",
                "--out", out.toString(), "--run-id", "cli-eval");
        assertEquals(0, r.exit(), r.err());
        JsonNode result = Json.mapper().readTree(r.out());
        assertEquals("passed", result.get("verdict").asText());
        assertEquals("cli-eval", result.get("run_id").asText());
        assertEquals("task-3", result.get("task_id").asText());
        assertTrue(Files.exists(out.resolve("result.json")));
        assertTrue(Files.exists(out.resolve("logs/task.log")));
    }

    @Test
    void validateWithOracleReportsAGoldDiffThatDoesNotApply() throws Exception {
        Path ds = Fixtures.dataset(tmp, "badgold", "COPY value.txt ./\n",
                "#!/bin/sh\ngrep -q fixed value.txt\n", Map.of("value.txt", "broken\n"));
        Fixtures.task(ds, "t1", """
                diff --git a/value.txt b/value.txt
                --- a/value.txt
                +++ b/value.txt
                @@ -1 +1 @@
                -something else entirely
                +fixed
                """, Map.of());
        Outcome r = arena("validate", "--with-oracle", ds.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("badgold/t1: oracle: the gold diff does not apply"), r.out());
        assertTrue(r.err().contains("badgold/t1: null failed"), r.err());
    }

    @Test
    void validateWithOracleReportsATaskWhoseTestsPassWithoutAnyChange() throws Exception {
        Path ds = Fixtures.dataset(tmp, "lenient", "COPY value.txt ./\n",
                "#!/bin/sh\nsh \"tasks/$1/test.sh\"\n", Map.of("value.txt", "broken\n"));
        String gold = Fixtures.FIX_VALUE_DIFF;
        Fixtures.task(ds, "loose", gold, Map.of("test.sh", "test -f value.txt && echo '1 passed, 0 failed'\n"));
        Fixtures.task(ds, "sound", gold, Map.of("test.sh", "grep -q fixed value.txt && echo '1 passed, 0 failed'\n"));
        Outcome r = arena("validate", "--with-oracle", ds.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("lenient/loose: the tests pass without any change: they do not test the task"), r.out());
        assertFalse(r.out().contains("lenient/sound"), r.out());
        for (String line : List.of("lenient/loose: oracle passed", "lenient/loose: null passed",
                "lenient/sound: oracle passed", "lenient/sound: null failed")) {
            assertTrue(r.err().contains(line), r.err());
        }
        assertTrue(r.err().contains("1 problem(s)"), r.err());
    }

    @Test
    void runThenStatusJsonAgreeOnTheCounts() throws Exception {
        Path runs = tmp.resolve("runs");
        Outcome run = arena("run", "--local", "--datasets", "js-inventory", "--tasks", "task-2", "--agent", "null",
                "--runs-dir", runs.toString(), "--run-id", "cli-run", "--parallel", "1");
        assertEquals(0, run.exit(), run.err());
        assertEquals("cli-run", run.out().strip());
        assertTrue(run.err().contains("[1/1] failed js-inventory/task-2"), run.err());

        Outcome status = arena("status", "cli-run", "--local", "--runs-dir", runs.toString(), "--json");
        assertEquals(0, status.exit());
        JsonNode s = Json.mapper().readTree(status.out());
        assertEquals(1, s.get("done").asInt());
        assertEquals(1, s.get("failed").asInt());
        assertEquals(0, s.get("missing").size());
        assertFalse(status.err().contains("Exception"));
    }

    @Test
    void imagesBuildWhoseBaseImageCannotBePulledIsAOneLineEnvironmentError() throws Exception {
        // nothing listens on port 1, so the pull fails at once, as it does on a machine without registry access
        Path ds = Fixtures.dataset(tmp, "unpullable", "", "#!/bin/sh\necho ok\n", Map.of());
        Fixtures.write(ds.resolve("Dockerfile"), "FROM 127.0.0.1:1/arena-missing/base:none\nWORKDIR /app\n");
        Fixtures.task(ds, "t1", Fixtures.FIX_VALUE_DIFF, Map.of());
        Outcome r = arena("images", "build", "--datasets-dir", tmp.toString(), "--datasets", "unpullable");
        assertEquals(3, r.exit(), r.err());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("arena: ")).toList();
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.get(0).startsWith("arena: unpullable: cannot pull base image 127.0.0.1:1/arena-missing/base:none"), r.err());
        assertFalse(r.err().contains("internal error"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void imagesBuildPushesOnceAndARunUsesThePrebuiltImage() throws Exception {
        dev.arena.testing.LocalRegistry.require();
        try (dev.arena.testing.LocalRegistry registry = dev.arena.testing.LocalRegistry.start(tmp.resolve("registry"))) {
            String path = registry.host() + "/cli";
            Outcome first = arena("images", "build", "--datasets", "js-inventory", "--push", "--registry", path);
            assertEquals(0, first.exit(), first.err());
            assertTrue(first.out().matches("(?s)js-inventory +(built|up to date locally), [0-9.]+ MiB .* " + java.util.regex.Pattern.quote(path)
                    + "/arena-task/js-inventory@sha256:[0-9a-f]{64}\\s*"), first.out());
            Outcome again = arena("images", "build", "--datasets", "js-inventory", "--push", "--registry", path);
            assertTrue(again.out().contains("already in the registry, skipped"), again.out());

            Outcome listed = arena("images", "list", "--datasets", "js-inventory", "--registry", path);
            assertEquals(0, listed.exit(), listed.err());
            assertTrue(listed.out().contains("current"), listed.out());

            Path runs = tmp.resolve("runs");
            Outcome run = arena("run", "--local", "--datasets", "js-inventory", "--tasks", "task-2", "--agent", "null",
                    "--runs-dir", runs.toString(), "--run-id", "prebuilt", "--use-prebuilt=" + path);
            assertEquals(0, run.exit(), run.err());
            JsonNode result = Json.mapper().readTree(runs.resolve("prebuilt/js-inventory/task-2/result.json").toFile());
            assertTrue(result.get("image").asText().startsWith(path + "/arena-task/js-inventory@sha256:"), result.toString());
        }
    }

    @Test
    void aBuildPastTheBuildTimeoutIsStoppedAndItsTaskIsAnImageBuildError() throws Exception {
        Path datasets = tmp.resolve("datasets");
        // a step no other test runs, so the engine's containers show whether this build was stopped
        Path ds = Fixtures.dataset(datasets, "stalls", "RUN sleep 613\n", "#!/bin/sh\nexit 0\n", Map.of());
        Fixtures.task(ds, "t1", Fixtures.FIX_VALUE_DIFF, Map.of());
        Path runs = tmp.resolve("runs");

        long start = System.nanoTime();
        Outcome run = arena("run", "--local", "--datasets-dir", datasets.toString(), "--datasets", "stalls", "--agent", "null",
                "--runs-dir", runs.toString(), "--run-id", "build-timeout", "--build-timeout", "3s");
        double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(1, run.exit(), "a run with errors exits 1: " + run.err());
        assertTrue(run.err().contains("image_build: image build stopped: it ran past its time limit of 3s"), run.err());
        assertTrue(seconds < 30, "a 3 s build limit took " + seconds + "s");
        JsonNode result = Json.mapper().readTree(runs.resolve("build-timeout/stalls/t1/result.json").toFile());
        assertEquals("error", result.get("verdict").asText());
        assertEquals("image_build", result.get("error_kind").asText());
        assertEquals("image", result.get("failed_phase").asText());
        assertTrue(result.get("error").asText().contains("ran past its time limit of 3s"), result.toString());
        JsonNode plan = Json.mapper().readTree(runs.resolve("build-timeout/run.json").toFile());
        assertEquals(3.0, plan.path("settings").path("build_timeout").asDouble(), plan.toString());
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (buildStepsRunning("sleep 613") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, buildStepsRunning("sleep 613"), "the engine stopped the build");
    }

    /** Running containers whose command holds {@code command}, asked of the Docker CLI. */
    private static long buildStepsRunning(String command) throws Exception {
        Process p = new ProcessBuilder("docker", "ps", "--no-trunc", "--format", "{{.Command}}").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> l.contains(command)).count();
    }

    /** Runs the real command line with the test base image passed as a build argument. */
    private static Outcome arena(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (List.of("run", "evaluate", "validate", "images").contains(args[0])) {
            all.addAll(TestImages.buildArgFlags());
        }
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.commandLine().execute(all.toArray(String[]::new));
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
