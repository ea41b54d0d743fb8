package dev.arena.run;

import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.Json;
import dev.arena.result.ErrorKind;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.testing.Fixtures;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs that meet faults on the real Docker engine: hanging tests, broken images, Ctrl+C. */
@RequiresDocker
class FaultsIT {
    private static final String PASSING_DIFF = Fixtures.FIX_VALUE_DIFF;

    @TempDir
    Path root;

    /** Changed by issue 13: tests that run past the limit on the agent's patch are a failure marked tests_timed_out, not an error. */
    @Test
    void testsThatHangAreStoppedByTheTaskTimeoutAndReportedAsFailedTimedOut() throws Exception {
        Path datasets = root.resolve("datasets");
        Path ds = Fixtures.dataset(datasets, "hangs", "COPY value.txt ./\n",
                "#!/bin/sh\necho tests-started\nsleep 600\n", Map.of("value.txt", "broken\n"));
        Fixtures.task(ds, "t1", PASSING_DIFF, Map.of());

        long start = System.nanoTime();
        RunStatus status = service(2).start(request(datasets, "timeout-run", "null", Duration.ofSeconds(8))).status();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        assertEquals(0, status.errors());
        assertEquals(1, status.failed());
        TaskResult r = result("timeout-run/hangs/t1");
        assertEquals(Verdict.FAILED, r.verdict());
        assertTrue(r.testsTimedOut());
        assertEquals(null, r.errorKind());
        assertEquals(null, r.exitCode());
        assertTrue(seconds < 120, "stopped at the limit, took " + seconds + "s");
        assertTrue(Files.readString(root.resolve("runs/timeout-run/hangs/t1/test_output.txt")).contains("tests-started"));
        assertEquals(0, containersOf("timeout-run"));
        assertEquals(0, service(2).resume("timeout-run", true).evaluated(), "a failure is a result, even for --retry-errors");
    }

    @Test
    void aDatasetWhoseImageCannotBuildGivesImageBuildErrorsAndTheRunGoesOn() throws Exception {
        Path datasets = root.resolve("datasets");
        Path broken = Fixtures.dataset(datasets, "broken", "RUN echo broken-step-output && exit 3\n",
                "#!/bin/sh\nexit 0\n", Map.of());
        Fixtures.task(broken, "t1", PASSING_DIFF, Map.of());
        Fixtures.task(broken, "t2", PASSING_DIFF, Map.of());
        Path good = Fixtures.dataset(datasets, "good", "COPY value.txt ./\n",
                "#!/bin/sh\ngrep -q fixed value.txt && echo '1 passed, 0 failed' || { echo '0 passed, 1 failed'; exit 1; }\n",
                Map.of("value.txt", "broken\n"));
        Fixtures.task(good, "t1", PASSING_DIFF, Map.of());

        RunStatus status = service(2).start(request(datasets, "build-run", "oracle", Duration.ofMinutes(2))).status();

        assertEquals(3, status.done());
        assertEquals(1, status.passed(), () -> "the good dataset still ran: " + status);
        assertEquals(Map.of("image_build", 2), status.errorsByKind());
        for (String task : List.of("t1", "t2")) {
            TaskResult r = result("build-run/broken/" + task);
            assertEquals(ErrorKind.IMAGE_BUILD, r.errorKind());
            assertTrue(r.error().startsWith("image build failed"), r.error());
        }
        assertTrue(Files.readString(root.resolve("runs/build-run/broken/t1/logs/image_build.log")).contains("broken-step-output"));

        assertEquals(0, service(2).resume("build-run", false).evaluated(), "an error counts as a result: nothing to resume");
        Executor.Outcome retried = service(2).resume("build-run", true);
        assertEquals(2, retried.evaluated(), "--retry-errors evaluates the errors again");
        try (Stream<Path> previous = Files.list(root.resolve("runs/build-run/broken/t1/previous"))) {
            assertEquals(1, previous.filter(p -> p.getFileName().toString().matches("result-\\d+\\.json")).count(),
                    "the earlier result is set aside, not lost");
        }
    }

    @Test
    void cancellingARunRemovesItsContainersKeepsNoPartialResultsAndResumeFinishesIt() throws Exception {
        Path datasets = root.resolve("datasets");
        Path ds = Fixtures.dataset(datasets, "slow", "COPY value.txt ./\n",
                "#!/bin/sh\nsleep 6\necho '1 passed, 0 failed'\n", Map.of("value.txt", "broken\n"));
        Fixtures.task(ds, "t1", PASSING_DIFF, Map.of());
        Fixtures.task(ds, "t2", PASSING_DIFF, Map.of());
        CountDownLatch bothStarted = new CountDownLatch(2);
        LocalExecutor service = new LocalExecutor(DockerSandboxProvider::connect, root.resolve("runs"), 2, new RunListener() {
            @Override
            public void itemStarted(WorkItem item) {
                bothStarted.countDown();
            }
        });
        CompletableFuture<Executor.Outcome> running = CompletableFuture.supplyAsync(() -> {
            try {
                return service.start(request(datasets, "cancel-run", "null", Duration.ofMinutes(2)));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(bothStarted.await(120, TimeUnit.SECONDS));
        waitFor(() -> containersOf("cancel-run") == 4); // each item: the agent's sandbox and the grading one

        service.cancel();

        ExecutionException failure = assertThrows(ExecutionException.class, () -> running.get(60, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertEquals(0, containersOf("cancel-run"), "containers removed on cancel");
        assertEquals(0, resultFiles("cancel-run"), "no result for unfinished items");

        Executor.Outcome resumed = service(2).resume("cancel-run", false);
        assertEquals(2, resumed.evaluated());
        assertEquals(2, resumed.status().passed());
    }

    private LocalExecutor service(int parallel) {
        return new LocalExecutor(DockerSandboxProvider::connect, root.resolve("runs"), parallel, RunListener.NONE);
    }

    private static RunRequest request(Path datasets, String runId, String agent, Duration timeout) {
        return new RunRequest(datasets, List.of(), List.of(), 1, runId, TestImages.settings(agent, timeout));
    }

    private TaskResult result(String dir) throws IOException {
        return Json.mapper().readValue(root.resolve("runs").resolve(dir).resolve("result.json").toFile(), TaskResult.class);
    }

    private long resultFiles(String runId) throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("runs").resolve(runId))) {
            return files.filter(p -> p.getFileName().toString().equals("result.json")).count();
        }
    }

    /** Containers of a run, asked of the Docker CLI so the check does not share code with what it checks. */
    static int containersOf(String runId) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=arena/run-id=" + runId).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return (int) out.lines().filter(l -> !l.isBlank()).count();
    }

    private static void waitFor(Check condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 60s");
            }
            Thread.sleep(200);
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }
}
