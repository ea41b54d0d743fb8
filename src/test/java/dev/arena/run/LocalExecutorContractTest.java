package dev.arena.run;

import dev.arena.result.Verdict;
import dev.arena.sandbox.SandboxException;
import dev.arena.store.ArtifactStore;
import dev.arena.store.LocalStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link ExecutorContract} on {@link LocalExecutor}: a pool of two workers over
 * {@link dev.arena.testing.FakeSandboxProvider}, runs in a local folder. {@code start} evaluates
 * every item before it returns, so there is no progress to make; resume evaluates exactly the
 * items without a result.
 */
class LocalExecutorContractTest extends ExecutorContract {
    private ArtifactStore runs;

    @Override
    protected Executor open() {
        runs = new LocalStore(root.resolve("runs"));
        return new LocalExecutor(() -> sandboxes, runs, 2, RunListener.NONE);
    }

    @Override
    protected ArtifactStore runs() {
        return runs;
    }

    @Override
    protected void progress(Executor.Outcome started) {
        // start returned when every item had run
    }

    @Override
    protected void resumeAfterALostResult(RunPlan plan, WorkItem lost) throws Exception {
        int sandboxesBefore = sandboxes.started.size();

        Executor.Outcome resumed = executor.resume(plan.runId(), false);

        assertEquals(1, resumed.evaluated(), "only the item without a result");
        assertEquals(sandboxesBefore + 2, sandboxes.started.size(), "the agent's and the grading sandbox, for " + lost.label());
        assertTrue(resumed.status().complete(), resumed.status().toString());
        assertTrue(resumed.clean());
        assertEquals(Verdict.PASSED, repository().results(plan).get(lost).verdict());
        assertEquals(expectedVerdicts(), storedVerdicts(plan));
        assertEquals(resumed.status(), repository().savedSummary(plan.runId()).orElseThrow(), "summary.json rewritten");
    }

    @Test
    void startEvaluatesEveryItemBeforeItReturns() throws Exception {
        Executor.Outcome outcome = start("local-start");

        assertEquals(6, outcome.evaluated());
        assertEquals(12, sandboxes.started.size(), "two sandboxes per attempt: the agent's and a fresh one for grading");
        assertTrue(outcome.status().complete(), outcome.status().toString());
        assertEquals(4, outcome.status().passed());
        assertEquals(expectedVerdicts(), storedVerdicts(outcome.plan()));
        assertEquals(outcome.status(), repository().savedSummary("local-start").orElseThrow(), "summary.json written");
    }

    @Test
    void resumeWithRetryErrorsRedoesOnlyTheErrorsAndSetsTheirResultsAside() throws Exception {
        AtomicBoolean noRoom = new AtomicBoolean(true);
        sandboxes.beforeStart(() -> {
            if (noRoom.get()) {
                throw new SandboxException("no room for another container", null);
            }
        });
        Executor.Outcome failed = executor.start(request("local-retry", List.of("task-2")));
        assertEquals(2, failed.status().errors(), failed.status().toString());
        RunPlan plan = failed.plan();

        noRoom.set(false);
        assertEquals(0, executor.resume("local-retry", false).evaluated(), "an error is a result: a plain resume leaves it");
        Executor.Outcome retried = executor.resume("local-retry", true);

        assertEquals(2, retried.evaluated());
        assertTrue(retried.status().complete());
        assertEquals(0, retried.status().errors());
        assertEquals(2, retried.status().failed(), "calc/task-2's tests fail once it runs");
        for (WorkItem item : plan.items()) {
            String previous = plan.layout().attemptDir(item.dataset(), item.task(), item.attempt()) + "previous/";
            assertEquals(1, runs.keys(previous).size(), "the error of " + item.label() + " is kept aside");
        }
    }
}
