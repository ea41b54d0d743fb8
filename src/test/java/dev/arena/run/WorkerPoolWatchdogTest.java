package dev.arena.run;

import dev.arena.Json;
import dev.arena.eval.EvalSettings;
import dev.arena.result.ErrorKind;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.store.LocalStore;
import dev.arena.testing.FakeSandboxProvider;
import dev.arena.testing.FakeSandboxProvider.FakeSandbox;
import dev.arena.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.arena.testing.FakeSandboxProvider.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An attempt stuck past its deadline in a call that ignores interrupts (a Docker exec that never
 * returns) is ended by the pool's watchdog: its sandboxes are closed, it records a timeout, and
 * the run goes on with the next item on a new worker.
 */
class WorkerPoolWatchdogTest {
    @TempDir
    Path root;
    final AtomicBoolean release = new AtomicBoolean();

    @AfterEach
    void letTheStuckThreadGo() {
        release.set(true);
    }

    @Test
    void aTestRunThatNeverReturnsIsEndedAfterTheGraceWithATimeoutAndItsSandboxesClosed() throws Exception {
        Path datasets = root.resolve("datasets");
        Path ds = Fixtures.dataset(datasets, "calc", "COPY . ./\n", "#!/bin/sh\nexit 0\n", Map.of("value.txt", "broken\n"));
        Fixtures.task(ds, "task-1", Fixtures.FIX_VALUE_DIFF, Map.of());
        Fixtures.task(ds, "task-2", Fixtures.FIX_VALUE_DIFF, Map.of());
        List<FakeSandbox> stuckIn = new CopyOnWriteArrayList<>();
        FakeSandboxProvider sandboxes = new FakeSandboxProvider()
                .on("git apply .*arena-gold\\.diff", (s, m, t) -> ok(""))
                .on("run_tests\\.sh 'task-1'", (s, m, t) -> {
                    stuckIn.add(s);
                    while (!release.get()) { // deaf to interrupts, like a Docker exec whose stream never ends
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException ignored) {
                            // keep waiting
                        }
                    }
                    return ok("1 passed, 0 failed\n");
                });
        EvalSettings settings = EvalSettings.builder().agent("oracle").taskTimeout(Duration.ofSeconds(1))
                .memoryBytes(1L << 30).cpus(1.0).build();
        RunPlan plan = RunPlanner.plan(new RunRequest(datasets, List.of(), List.of(), 1, "stuck", settings));
        LocalStore store = new LocalStore(root.resolve("runs"));
        WorkerPool pool = new WorkerPool(sandboxes, store, 1, RunListener.NONE, host -> null, Duration.ofSeconds(1));

        long start = System.nanoTime();
        List<TaskResult> results = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> pool.execute(plan, plan.items()));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertTrue(seconds < 8, "deadline 1 s + grace 1 s, ended in " + seconds + "s");
        TaskResult stuck = results.get(0);
        assertEquals(Verdict.ERROR, stuck.verdict());
        assertEquals(ErrorKind.TIMEOUT, stuck.errorKind());
        assertEquals("grading", stuck.failedPhase());
        assertTrue(stuck.error().contains("ended 1s later by the watchdog"), stuck.error());
        TaskResult stored = Json.mapper().readValue(root.resolve("runs/stuck/calc/task-1/result.json").toFile(), TaskResult.class);
        assertEquals(ErrorKind.TIMEOUT, stored.errorKind());
        assertEquals(1, stuckIn.size());
        assertTrue(!stuckIn.get(0).live(), "the sandbox the stuck call runs in is removed");
        assertTrue(sandboxes.started.stream().noneMatch(FakeSandbox::live), "every sandbox of the run is removed");
        assertEquals(Verdict.PASSED, results.get(1).verdict(), "the next item ran on a new worker");
    }
}
