package dev.arena.run;

import dev.arena.dataset.DatasetLoader;
import dev.arena.result.Verdict;
import dev.arena.store.ArtifactStore;
import dev.arena.store.GcsStore;
import dev.arena.store.RunLayout;
import dev.arena.store.Stores;
import dev.arena.testing.FakeGcsServer;
import dev.arena.testing.FakeSandboxProvider;
import dev.arena.testing.Fixtures;
import dev.arena.testing.TestImages;
import dev.arena.transfer.DatasetCatalog;
import dev.arena.transfer.DatasetUploader;
import dev.arena.transfer.TransferListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static dev.arena.testing.FakeSandboxProvider.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pod's progress as it goes, with the bucket on {@link FakeGcsServer}: the task log's entries and
 * the run's events on its stdout before the attempt ends, and the log's checkpoints in the bucket
 * mid-task, which add up to the task.log stored at the end.
 */
class PodLiveOutputTest {
    private static final String POD = "arena-run-r1-0-abcde";

    @TempDir
    Path root;

    private FakeGcsServer server;
    private ArtifactStore runs;
    private ArtifactStore datasets;
    private final FakeSandboxProvider sandboxes = new FakeSandboxProvider();
    private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

    @BeforeEach
    void setUp() {
        server = FakeGcsServer.start();
        runs = new GcsStore(server.storage(), "bucket", Stores.RUNS_PREFIX);
        datasets = new GcsStore(server.storage(), "bucket", Stores.DATASETS_PREFIX);
        Path dir = root.resolve("datasets");
        Path ds = Fixtures.dataset(dir, "calc", "COPY value.txt ./\n", "#!/bin/sh\necho '1 passed, 0 failed'\n",
                Map.of("value.txt", "broken\n"));
        Fixtures.task(ds, "t1", Fixtures.FIX_VALUE_DIFF, Map.of());
        new DatasetUploader(new DatasetCatalog(datasets), ValidationService::validate, TransferListener.NONE)
                .upload(DatasetLoader.loadAll(dir));
        new RunRepository(runs).savePlan(RunPlanner.plan(new RunRequest(dir, List.of(), List.of(), 1, "r1",
                TestImages.settings("null", Duration.ofMinutes(3)))));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void theLogAndTheEventsAreOutAndCheckpointedBeforeTheAttemptEnds() throws Exception {
        List<String> stdoutAtGrading = new ArrayList<>();
        List<Optional<StoredLogs.Text>> storedAtGrading = new ArrayList<>();
        RunPlan plan = new RunRepository(runs).loadPlan("r1");
        WorkItem item = plan.items().get(0);
        sandboxes.on("diff --cached", FakeSandboxProvider.agentDiff(Fixtures.FIX_VALUE_DIFF)).on("\\./run_tests\\.sh", (s, command, timeout) -> {
            // the grading phase: what a pod killed right now would leave behind
            stdoutAtGrading.addAll(stdout);
            storedAtGrading.add(new StoredLogs(runs).taskLog(plan, item));
            return ok("1 passed, 0 failed\n");
        });
        PodEvaluation pod = new PodEvaluation(runs, datasets, root.resolve("work"), () -> sandboxes, host -> null,
                new PodEvaluation.Policy(Set.of(), false), now::get, new PodEvaluation.Output(stdout::add, POD));

        PodEvaluation.Outcome outcome = pod.evaluate("r1", 0, 0, 2);

        assertEquals(Verdict.PASSED, outcome.result().orElseThrow().verdict());
        // on stdout while the attempt ran: prefixed log entries and the events up to grading
        assertTrue(stdoutAtGrading.stream().anyMatch(l -> l.startsWith("[calc/t1#1] [") && l.contains("evaluating calc/t1 with agent null")),
                stdoutAtGrading.toString());
        assertEquals(List.of("started", "phase image", "phase sandbox", "phase agent", "phase patch", "phase grading"),
                events(stdoutAtGrading));
        assertEquals("verdict passed", events(stdout).get(events(stdout).size() - 1));
        RunEvent started = stdout.stream().flatMap(l -> RunEvent.parse(l).stream()).findFirst().orElseThrow();
        assertEquals(new WorkItem("calc", "t1", 1), started.item());
        assertEquals("r1", started.run());
        assertEquals(0, started.index());
        assertEquals(now.get(), started.time().toEpochMilli());

        // in the bucket mid-task: the checkpoints, no task.log yet
        StoredLogs.Text midTask = storedAtGrading.get(0).orElseThrow(() -> new AssertionError("no checkpoint mid-task"));
        assertTrue(midTask.partial());
        assertTrue(midTask.text().contains("agent changed"), midTask.text());
        assertTrue(midTask.location().contains("r1/live-logs/calc/t1/" + now.get() + "-" + POD + "/"), midTask.location());

        // at the end: task.log as before, and the checkpoints joined give the same text
        String taskLog = new String(runs.get(plan.layout().attemptDir("calc", "t1", 1) + RunLayout.TASK_LOG).orElseThrow(),
                StandardCharsets.UTF_8);
        String logged = String.join("\n", stdout.stream().filter(l -> l.startsWith("[calc/t1#1] "))
                .map(l -> l.substring("[calc/t1#1] ".length())).toList()) + "\n";
        assertEquals(taskLog, logged, "stdout carries the task log line for line");
        StringBuilder parts = new StringBuilder();
        List<String> partKeys = runs.keys("r1/live-logs/");
        for (String key : partKeys) {
            parts.append(new String(runs.get(key).orElseThrow(), StandardCharsets.UTF_8));
        }
        assertEquals(taskLog, parts.toString(), "the checkpoints add up to task.log: " + partKeys);
        assertFalse(partKeys.stream().anyMatch(k -> k.startsWith(plan.layout().attemptDir("calc", "t1", 1))),
                "the attempt's folder stays one pod's: " + partKeys);
    }

    @Test
    void aLongPhaseIsCheckpointedOnceTheIntervalHasPassed() {
        List<String> out = new ArrayList<>();
        LogCheckpoints checkpoints = new LogCheckpoints(runs, "r1/live-logs/calc/t1/1-p/", now::get, 60_000, out::add);
        checkpoints.add("[   0.001s] first");
        assertEquals(List.of(), runs.keys("r1/live-logs/"), "not yet due");
        now.addAndGet(60_000);
        checkpoints.add("[  60.000s] a minute later");
        checkpoints.flush(); // nothing new: no empty part
        assertEquals(List.of("r1/live-logs/calc/t1/1-p/0001.log"), runs.keys("r1/live-logs/"));
        assertEquals("[   0.001s] first\n[  60.000s] a minute later\n",
                new String(runs.get("r1/live-logs/calc/t1/1-p/0001.log").orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(List.of(), out, "no warning");
    }

    private static List<String> events(List<String> lines) {
        List<String> events = new ArrayList<>();
        for (String line : lines) {
            RunEvent.parse(line).ifPresent(e -> events.add(e.event().equals(RunEvent.STARTED) ? "started"
                    : e.event().equals(RunEvent.PHASE) ? "phase " + e.phase() : "verdict " + e.verdict()));
        }
        return events;
    }
}
