package dev.arena.run;

import dev.arena.agent.NullAgent;
import dev.arena.dataset.DatasetLoader;
import dev.arena.eval.EvalSettings;
import dev.arena.result.ErrorKind;
import dev.arena.result.ResultSummary;
import dev.arena.result.Verdict;
import dev.arena.store.ArtifactStore;
import dev.arena.store.GcsStore;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pod of a run with a cap ({@code --max-cost}) checks the run's spend, the {@code arena-cost-usd}
 * metadata of its stored results, before it starts its attempt: over the bucket's real HTTP API
 * ({@link FakeGcsServer}).
 */
class PodRunBudgetTest {
    @TempDir
    Path root;

    private FakeGcsServer server;
    private ArtifactStore runs;
    private ArtifactStore datasets;
    private final FakeSandboxProvider sandboxes = new FakeSandboxProvider();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger agents = new AtomicInteger();
    private RunPlan plan;

    @BeforeEach
    void setUp() {
        server = FakeGcsServer.start();
        runs = new GcsStore(server.storage(), "bucket", Stores.RUNS_PREFIX);
        datasets = new GcsStore(server.storage(), "bucket", Stores.DATASETS_PREFIX);
        Path dir = root.resolve("datasets");
        Path ds = Fixtures.dataset(dir, "calc", "COPY value.txt ./\n", "#!/bin/sh\necho '1 passed, 0 failed'\n", Map.of("value.txt", "x\n"));
        for (String task : List.of("t1", "t2", "t3")) {
            Fixtures.task(ds, task, Fixtures.FIX_VALUE_DIFF, Map.of());
        }
        new DatasetUploader(new DatasetCatalog(datasets), ValidationService::validate, TransferListener.NONE).upload(DatasetLoader.loadAll(dir));
        EvalSettings base = TestImages.settings("gladiator", Duration.ofMinutes(3));
        EvalSettings gladiator = base.toBuilder().model("openai/gpt-4o").build();
        plan = RunPlanner.plan(new RunRequest(dir, List.of(), List.of(), 1, "r1", gladiator, 0.05));
        new RunRepository(runs).savePlan(plan);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private PodEvaluation pod() {
        return new PodEvaluation(runs, datasets, root.resolve("work"), () -> {
            opened.incrementAndGet();
            return sandboxes;
        }, host -> null, new PodEvaluation.Policy(Set.of(), false), System::currentTimeMillis, settings -> {
            agents.incrementAndGet();
            return new NullAgent();
        });
    }

    /** A result of item {@code index} as a finished pod stores it: the summary, cost included, in its metadata. */
    private void stored(int index, double costUsd) {
        WorkItem item = plan.items().get(index);
        runs.put(plan.resultKey(item), "{}".getBytes(StandardCharsets.UTF_8),
                new ResultSummary(Verdict.FAILED, null, 1000, 50, costUsd).toMetadata());
    }

    @Test
    void aPodThatFindsTheRunsCapSpentStartsNothingAndStoresNothing() throws Exception {
        stored(0, 0.03);
        stored(2, 0.02); // together the cap: 0.05

        PodEvaluation.Outcome outcome = pod().evaluate("r1", 1, 0, 2);

        assertEquals(plan.items().get(1), outcome.item());
        assertTrue(outcome.result().isEmpty());
        assertEquals("the run's budget of $0.05 is spent ($0.05 used); not started, so a resume with a higher --max-cost runs it",
                outcome.notStarted());
        assertEquals(0, opened.get(), "no sandbox");
        assertEquals(0, agents.get(), "no agent");
        assertEquals(List.of(plan.resultKey(plan.items().get(0)), plan.resultKey(plan.items().get(2)), "r1/run.json"),
                runs.keys("r1/").stream().sorted().toList(), "nothing stored for the item");
    }

    @Test
    void resultsAPodSetAsideForTheJobToRetryStillCountAgainstTheCap() throws Exception {
        // an infra error a pod stored under previous/ (CreateOnlyAttemptStore) after its calls cost 0.03
        WorkItem retried = plan.items().get(0);
        runs.putIfAbsent(plan.layout().previousResultKey(retried.dataset(), retried.task(), retried.attempt(), 1700000000000L),
                "{}".getBytes(StandardCharsets.UTF_8), new ResultSummary(Verdict.ERROR, ErrorKind.INFRA, 1000, 50, 0.03).toMetadata());
        stored(2, 0.02);

        PodEvaluation.Outcome outcome = pod().evaluate("r1", 1, 0, 2);

        assertEquals("the run's budget of $0.05 is spent ($0.05 used); not started, so a resume with a higher --max-cost runs it",
                outcome.notStarted());
        assertEquals(0, opened.get(), "no sandbox");
    }

    @Test
    void aPodWithRoomLeftUnderTheCapRunsItsAttempt() throws Exception {
        stored(0, 0.03);

        PodEvaluation.Outcome outcome = pod().evaluate("r1", 1, 0, 2);

        assertNull(outcome.notStarted());
        assertEquals(Verdict.PASSED, outcome.result().orElseThrow().verdict());
        assertEquals(1, opened.get());
        assertTrue(runs.exists(plan.resultKey(plan.items().get(1))));
    }
}
