package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.Version;
import dev.arena.agent.ReplayAgent;
import dev.arena.sandbox.RegistryLogin;
import dev.arena.sandbox.SandboxProvider;
import dev.arena.store.ArtifactStore;
import dev.arena.store.RunLayout;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code arena regrade}: grades the stored {@code patch.diff} of every finished attempt of a run
 * again, with today's grader and datasets and without running the agent, into a new run whose
 * plan records which run it regraded. Useful when a dataset's tests were fixed. Attempts that
 * ended before they had a patch (an error before the agent finished) are left out and named.
 */
public final class Regrader {
    private final RunRepository runs;
    private final RunListener listener;
    private final LocalExecutor executor;

    public Regrader(SandboxProvider.Factory sandboxes, ArtifactStore store, int parallel, RunListener listener,
                    Function<String, RegistryLogin> logins) {
        this.runs = new RunRepository(store);
        this.listener = listener;
        this.executor = new LocalExecutor(sandboxes, store, parallel, listener, logins, null);
    }

    /** @param tasks task ids to keep; empty means all */
    public Executor.Outcome regrade(String sourceRunId, String newRunId, List<String> tasks) throws InterruptedException {
        RunPlan source = runs.loadPlan(sourceRunId);
        if (runs.exists(newRunId)) {
            throw ArenaException.usage("run " + newRunId + " already exists; choose another --run-id");
        }
        Map<WorkItem, byte[]> patches = new HashMap<>();
        for (WorkItem item : source.items()) {
            if (!tasks.isEmpty() && !tasks.contains(item.task())) {
                continue;
            }
            String dir = source.layout().attemptDir(item.dataset(), item.task(), item.attempt());
            if (runs.store().exists(dir + RunLayout.RESULT)) {
                runs.store().get(dir + RunLayout.PATCH).ifPresentOrElse(p -> patches.put(item, p),
                        () -> listener.warning(item.label() + ": no patch.diff stored; left out"));
            } else {
                listener.warning(item.label() + ": no result in run " + sourceRunId + "; left out");
            }
        }
        List<WorkItem> items = source.items().stream().filter(patches::containsKey).toList();
        if (items.isEmpty()) {
            throw ArenaException.usage("run " + sourceRunId + " has no stored patch to regrade"
                    + (tasks.isEmpty() ? "" : " among tasks " + String.join(", ", tasks)));
        }
        RunPlan plan = source.regradedAs(newRunId, items, Instant.now(), Version.get());
        runs.savePlan(plan);
        return executor.evaluate(plan, items, item -> new ReplayAgent(patches.get(item)));
    }

    /** Stops a running regrade (Ctrl+C); what finished is kept. */
    public void cancel() throws InterruptedException {
        executor.cancel();
    }
}
