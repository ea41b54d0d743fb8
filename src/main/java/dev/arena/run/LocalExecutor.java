package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.Labels;
import dev.arena.agent.Agent;
import dev.arena.agent.llm.RunSpend;
import dev.arena.images.PrebuiltLookup;
import dev.arena.eval.Agents;
import dev.arena.eval.EvalDefaults;
import dev.arena.eval.EvalSettings;
import dev.arena.dataset.BuildContext;
import dev.arena.result.ResultSummary;
import dev.arena.result.Verdict;
import dev.arena.sandbox.RegistryLogin;
import dev.arena.sandbox.SandboxProvider;
import dev.arena.store.ArtifactStore;
import dev.arena.store.LocalStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code arena run --local}: plans (or reloads) a run, stores the plan, evaluates the pending
 * items in a {@link WorkerPool} over this machine's sandboxes and stores the summary. Every call
 * returns when the items it took on have run (or Ctrl+C stopped them).
 */
public final class LocalExecutor implements Executor {
    private final SandboxProvider.Factory sandboxes;
    private final RunRepository runs;
    private final int parallel;
    private final RunListener listener;
    private final Function<String, RegistryLogin> logins;
    private final PrebuiltLookup prebuilt;
    private final Function<EvalSettings, Agent> agents;
    private volatile WorkerPool pool;

    /** Builds every image here and pulls nothing with credentials. */
    public LocalExecutor(SandboxProvider.Factory sandboxes, ArtifactStore store, int parallel, RunListener listener) {
        this(sandboxes, store, parallel, listener, host -> null, null);
    }

    public LocalExecutor(SandboxProvider.Factory sandboxes, Path runsDir, int parallel, RunListener listener) {
        this(sandboxes, new LocalStore(runsDir), parallel, listener);
    }

    /**
     * @param sandboxes opened only when there is something to evaluate
     * @param logins    the login for a prebuilt image's repository (a null login: pull anonymously)
     * @param prebuilt  where to find prebuilt images ({@code --use-prebuilt}), or null to build every image here
     */
    public LocalExecutor(SandboxProvider.Factory sandboxes, ArtifactStore store, int parallel, RunListener listener,
                         Function<String, RegistryLogin> logins, PrebuiltLookup prebuilt) {
        this(sandboxes, store, parallel, listener, logins, prebuilt, Agents::create);
    }

    /** @param agents the agent of the plan's settings, per attempt (tests give one of their own) */
    LocalExecutor(SandboxProvider.Factory sandboxes, ArtifactStore store, int parallel, RunListener listener,
                  Function<String, RegistryLogin> logins, PrebuiltLookup prebuilt, Function<EvalSettings, Agent> agents) {
        this.agents = agents;
        this.sandboxes = sandboxes;
        this.runs = new RunRepository(store);
        this.parallel = parallel;
        this.listener = listener;
        this.logins = logins;
        this.prebuilt = prebuilt;
    }

    @Override
    public Outcome start(Function<EvalDefaults, RunRequest> request) throws InterruptedException {
        RunPlan plan = RunPlanner.plan(request.apply(EvalDefaults.LOCAL));
        if (prebuilt != null) {
            Map<String, String> contentHashes = new java.util.LinkedHashMap<>();
            plan.datasets().forEach(d -> contentHashes.put(d.name(), d.contentHash()));
            plan = plan.withPrebuiltImages(prebuilt.pin(contentHashes, plan.settings().buildArgs()));
            for (RunPlan.DatasetRef d : plan.datasets()) {
                if (d.image() == null) {
                    listener.warning("no prebuilt image of " + d.name() + " in " + prebuilt.registryPath()
                            + " for its current content; it is built here (`arena images build --push` publishes it)");
                }
            }
        }
        if (runs.exists(plan.runId())) {
            throw ArenaException.usage("run " + plan.runId() + " already exists; continue it with --resume " + plan.runId());
        }
        try (SandboxProvider provider = sandboxes.open()) {
            runs.savePlan(plan);
            return execute(provider, plan, plan.items(), null);
        }
    }

    @Override
    public Outcome resume(String runId, boolean retryErrors, Double maxCostUsd) throws InterruptedException {
        RunPlan stored = runs.loadPlan(runId);
        // the same checks as a pod's, but for the model base URL: a local plan is the operator's own
        PlanValidator.item(stored, runId, 0, null);
        checkDatasets(stored);
        if (maxCostUsd != null) {
            RunPlanner.checkRunCap(stored.settings(), maxCostUsd);
            stored = stored.withMaxCostUsd(maxCostUsd);
            runs.savePlan(stored);
        }
        RunPlan plan = stored;
        Map<WorkItem, ResultSummary> done = runs.summaries(plan);
        List<WorkItem> retried = retryErrors ? plan.items().stream()
                .filter(item -> done.containsKey(item) && done.get(item).verdict() == Verdict.ERROR).toList() : List.of();
        retried.forEach(item -> runs.setAside(plan, item));
        List<WorkItem> pending = plan.items().stream()
                .filter(item -> !done.containsKey(item) || retried.contains(item))
                .toList();
        if (!pending.isEmpty()) {
            agents.apply(plan.settings()); // a key missing now stops the resume before any work
        }
        if (pending.isEmpty()) {
            RunStatus status = runs.status(plan);
            runs.saveSummary(plan, status);
            return new Outcome(plan, status, 0, runs.store().locate(plan.runId() + "/"));
        }
        try (SandboxProvider provider = sandboxes.open()) {
            int stale = provider.removeAll(Labels.ofRun(runId));
            if (stale > 0) {
                listener.warning("removed " + stale + " container(s) left behind by an earlier attempt at this run");
            }
            return execute(provider, plan, pending, null);
        }
    }

    @Override
    public RunStatus status(String runId) {
        return runs.status(runs.loadPlan(runId));
    }

    /** Stops a running call (Ctrl+C) and waits until the containers are gone. */
    @Override
    public void cancel() throws InterruptedException {
        WorkerPool e = pool;
        if (e != null) {
            e.cancel(30);
        }
    }

    /**
     * Evaluates {@code items} of a stored plan, each with the agent {@code agents} gives it
     * ({@code arena regrade}: a replay of its stored patch), then stores the summary.
     */
    Outcome evaluate(RunPlan plan, List<WorkItem> items, Function<WorkItem, Agent> agents) throws InterruptedException {
        try (SandboxProvider provider = sandboxes.open()) {
            return execute(provider, plan, items, agents);
        }
    }

    /** @param itemAgents the agent of each item, or null for the plan's */
    private Outcome execute(SandboxProvider provider, RunPlan plan, List<WorkItem> items, Function<WorkItem, Agent> itemAgents)
            throws InterruptedException {
        Function<WorkItem, Agent> perItem = itemAgents != null ? itemAgents : item -> agents.apply(plan.settings());
        // one account per run in this process: what its stored results cost, plus every call from now on
        RunSpend spend = plan.maxCostUsd() == null ? RunSpend.NONE : new RunSpend(plan.maxCostUsd(), runs.spentUsd(plan));
        WorkerPool workers = new WorkerPool(provider, runs.store(), parallel, listener, logins, spend);
        pool = workers;
        try {
            workers.execute(plan, items, perItem);
        } catch (InterruptedException e) {
            // backstop: whatever a worker could not remove in time
            provider.removeAll(Labels.ofRun(plan.runId()));
            throw e;
        }
        RunStatus status = runs.status(plan);
        runs.saveSummary(plan, status);
        BudgetStop stop = workers.notStarted() == 0 ? null : new BudgetStop(plan.maxCostUsd(), spend.spentUsd(), workers.notStarted());
        return new Outcome(plan, status, items.size() - workers.notStarted(), runs.store().locate(plan.runId() + "/"), stop);
    }

    private void checkDatasets(RunPlan plan) {
        for (RunPlan.DatasetRef ref : plan.datasets()) {
            Path dir = Path.of(ref.path());
            if (!Files.isDirectory(dir)) {
                throw ArenaException.usage("dataset " + ref.name() + " of run " + plan.runId() + " is gone from " + dir);
            }
            if (!BuildContext.of(dir).contentHash().equals(ref.contentHash())) {
                listener.warning("dataset " + ref.name() + " changed since the run was planned; "
                        + "its remaining tasks are evaluated on the new content");
            }
        }
    }
}
