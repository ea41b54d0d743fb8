package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.store.LocalStore;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code arena regrade} on the real Docker engine: the stored patches of a run, graded again
 * without the agent, give the same verdicts; the new run names the one it regraded.
 */
@RequiresDocker
class RegradeIT {
    private static final Path SAMPLES = Path.of("examples", "datasets");

    @TempDir
    Path runs;

    @Test
    void theStoredPatchesGradeAgainToTheSameVerdictsIntoANewRun() throws Exception {
        LocalExecutor executor = new LocalExecutor(DockerSandboxProvider::connect, runs, 2, RunListener.NONE);
        executor.start(new RunRequest(SAMPLES, List.of("py-textkit"), List.of("task-1", "task-2"), 1, "source",
                TestImages.settings("oracle", Duration.ofMinutes(5))));
        Path lost = runs.resolve("source/py-textkit/task-2/result.json");
        Files.delete(lost); // an attempt without a result is left out, and said so
        List<String> warnings = new ArrayList<>();
        Regrader regrader = new Regrader(DockerSandboxProvider::connect, new LocalStore(runs), 2, new RunListener() {
            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        }, host -> null);

        Executor.Outcome regraded = regrader.regrade("source", "again", List.of());

        assertEquals("source", regraded.plan().regradeOf());
        assertEquals(List.of(new WorkItem("py-textkit", "task-1", 1)), regraded.plan().items());
        assertEquals(List.of("py-textkit/task-2: no result in run source; left out"), warnings);
        assertEquals(1, regraded.status().passed(), regraded.status().toString());
        TaskResult result = TaskResult.parse(Files.readAllBytes(runs.resolve("again/py-textkit/task-1/result.json"))).orElseThrow();
        assertEquals(Verdict.PASSED, result.verdict());
        assertEquals("oracle", result.agent(), "the regraded attempt keeps the agent that wrote the patch");
        String patch = Files.readString(runs.resolve("source/py-textkit/task-1/patch.diff"));
        assertTrue(patch.contains("diff --git"), patch);
        assertEquals(patch, Files.readString(runs.resolve("again/py-textkit/task-1/patch.diff")), "the same patch was graded");
    }

    @Test
    void aFailingPatchStaysFailedAndARunWithoutPatchesIsAUsageError() throws Exception {
        LocalExecutor executor = new LocalExecutor(DockerSandboxProvider::connect, runs, 1, RunListener.NONE);
        executor.start(new RunRequest(SAMPLES, List.of("js-inventory"), List.of("task-1"), 1, "nothing",
                TestImages.settings("null", Duration.ofMinutes(5))));
        Regrader regrader = new Regrader(DockerSandboxProvider::connect, new LocalStore(runs), 1, RunListener.NONE, host -> null);

        Executor.Outcome regraded = regrader.regrade("nothing", "nothing-again", List.of());

        assertEquals(1, regraded.status().failed(), regraded.status().toString());
        ArenaException none = assertThrows(ArenaException.class, () -> regrader.regrade("nothing", "other", List.of("no-such-task")));
        assertEquals(ExitCode.USAGE, none.exitCode());
        ArenaException taken = assertThrows(ArenaException.class, () -> regrader.regrade("nothing", "nothing-again", List.of()));
        assertTrue(taken.getMessage().contains("already exists"), taken.getMessage());
    }
}
