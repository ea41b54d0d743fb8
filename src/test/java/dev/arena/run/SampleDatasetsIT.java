package dev.arena.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.Json;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled sample datasets on the real Docker engine: the oracle passes every task, the null agent fails every one. */
@RequiresDocker
class SampleDatasetsIT {
    private static final Path SAMPLES = Path.of("examples", "datasets");

    @TempDir
    Path runs;

    @Test
    void oraclePassesEverySampleTaskAndWritesTheRunLayout() throws Exception {
        Executor.Outcome outcome = run("oracle", "oracle-run");
        RunStatus status = outcome.status();

        assertEquals(7, status.items());
        assertEquals(7, status.passed(), () -> "not all passed: " + status);
        assertEquals(0, status.errors());
        assertTrue(status.missing().isEmpty());
        for (WorkItem item : outcome.plan().items()) {
            Path dir = runs.resolve("oracle-run").resolve(item.dataset()).resolve(item.task());
            TaskResult r = Json.mapper().readValue(dir.resolve("result.json").toFile(), TaskResult.class);
            assertEquals(Verdict.PASSED, r.verdict());
            assertTrue(r.success());
            assertEquals(0, r.exitCode());
            assertTrue(r.testsPassed() > 0 && r.testsFailed() == 0, "tests counted: " + r);
            assertEquals(r.testsPassed(), r.totalTests());
            assertTrue(r.image().startsWith("arena-task/" + item.dataset() + ":"));
            assertTrue(Files.readString(dir.resolve("patch.diff")).contains("diff --git"), "oracle patch recorded");
            assertTrue(Files.size(dir.resolve("test_output.txt")) > 0);
            assertTrue(Files.readString(dir.resolve("logs/task.log")).contains("gold diff applied"));
            assertEquals(List.of(), r.protectedChanges(), "gold diffs leave the test harness alone");
            assertFalse(r.testsTimedOut());
            assertTrue(r.phaseSeconds().keySet().containsAll(List.of("image", "sandbox", "agent", "patch", "grading")), r.phaseSeconds().toString());
        }
        JsonNode summary = Json.mapper().readTree(runs.resolve("oracle-run/summary.json").toFile());
        assertEquals(7, summary.get("passed").asInt());
        JsonNode plan = Json.mapper().readTree(runs.resolve("oracle-run/run.json").toFile());
        assertEquals(7, plan.get("items").size());
        assertEquals(64, plan.get("datasets").get(0).get("content_hash").asText().length());
    }

    @Test
    void nullAgentFailsEverySampleTaskWithAnEmptyPatch() throws Exception {
        Executor.Outcome outcome = run("null", "null-run");
        RunStatus status = outcome.status();

        assertEquals(7, status.failed(), () -> "not all failed: " + status);
        assertEquals(0, status.errors());
        for (WorkItem item : outcome.plan().items()) {
            Path dir = runs.resolve("null-run").resolve(item.dataset()).resolve(item.task());
            TaskResult r = Json.mapper().readValue(dir.resolve("result.json").toFile(), TaskResult.class);
            assertEquals(Verdict.FAILED, r.verdict());
            assertFalse(r.success());
            assertNull(r.errorKind());
            assertTrue(r.testsFailed() > 0, "failures parsed: " + r);
            assertEquals("", Files.readString(dir.resolve("patch.diff")));
        }
    }

    private Executor.Outcome run(String agent, String runId) throws InterruptedException {
        LocalExecutor service = new LocalExecutor(DockerSandboxProvider::connect, runs, 2, RunListener.NONE);
        return service.start(new RunRequest(SAMPLES, List.of(), List.of(), 1, runId,
                TestImages.settings(agent, Duration.ofMinutes(5))));
    }

    @Test
    void resumeRunsOnlyTheMissingItems() throws Exception {
        LocalExecutor service = new LocalExecutor(DockerSandboxProvider::connect, runs, 2, RunListener.NONE);
        Executor.Outcome first = service.start(new RunRequest(SAMPLES, List.of("py-textkit"), List.of("task-1", "task-2"), 1,
                "resume-run", TestImages.settings("oracle", Duration.ofMinutes(5))));
        assertEquals(2, first.evaluated());
        Path result = runs.resolve("resume-run/py-textkit/task-2/result.json");
        Files.delete(result);

        Executor.Outcome resumed = service.resume("resume-run", false);

        assertEquals(1, resumed.evaluated());
        assertTrue(Files.exists(result));
        assertEquals(2, resumed.status().passed());
        assertEquals(0, service.resume("resume-run", false).evaluated(), "a complete run has nothing to resume");
        assertEquals(Map.of(), resumed.status().errorsByKind());
    }
}
