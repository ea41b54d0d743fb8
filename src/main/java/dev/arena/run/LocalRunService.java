package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.images.PrebuiltLookup;
import dev.arena.agent.Agents;
import dev.arena.dataset.BuildContext;
import dev.arena.result.ResultSummary;
import dev.arena.result.Verdict;
import dev.arena.sandbox.DockerEngine;
import dev.arena.sandbox.RegistryLogin;
import dev.arena.store.ArtifactStore;
import dev.arena.store.LocalStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code arena run --local}: plans (or reloads) a run, stores the plan, evaluates the pending
 * items on the local Docker engine and stores the summary.
 */
public final class LocalRunService {
    private final RunRepository runs;
    private final int parallel;
    private final RunListener listener;
    private final Function<String, RegistryLogin> logins;
    private volatile LocalExecutor executor;

    /** @param logins the login for a prebuilt image's repository, or null for an anonymous pull */
    public LocalRunService(ArtifactStore store, int parallel, RunListener listener, Function<String, RegistryLogin> logins) {
        this.runs = new RunRepository(store);
        this.parallel = parallel;
        this.listener = listener;
        this.logins = logins;
    }

    public LocalRunService(Path runsDir, int parallel, RunListener listener, Function<String, RegistryLogin> logins) {
        this(new LocalStore(runsDir), parallel, listener, logins);
    }

    /** How a run call ended: the plan, the status after it, and whether it was complete before. */
    public record Outcome(RunPlan plan, RunStatus status, int evaluated) {
    }

    public Outcome start(RunRequest request) throws InterruptedException {
        return start(request, null);
    }

    /** @param prebuilt where to find prebuilt images ({@code --use-prebuilt}), or null to build every image here */
    public Outcome start(RunRequest request, PrebuiltLookup prebuilt) throws InterruptedException {
        RunPlan plan = RunPlanner.plan(request);
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
        try (DockerEngine engine = DockerEngine.connect()) {
            runs.savePlan(plan);
            return execute(engine, plan, plan.items());
        }
    }

    public Outcome resume(String runId, boolean retryErrors) throws InterruptedException {
        RunPlan plan = runs.loadPlan(runId);
        checkDatasets(plan);
        Map<WorkItem, ResultSummary> done = runs.summaries(plan);
        List<WorkItem> retried = retryErrors ? plan.items().stream()
                .filter(item -> done.containsKey(item) && done.get(item).verdict() == Verdict.ERROR).toList() : List.of();
        retried.forEach(item -> runs.setAside(plan, item));
        List<WorkItem> pending = plan.items().stream()
                .filter(item -> !done.containsKey(item) || retried.contains(item))
                .toList();
        if (!pending.isEmpty()) {
            Agents.create(plan.settings()); // a key missing now stops the resume before any work
        }
        if (pending.isEmpty()) {
            RunStatus status = runs.status(plan);
            runs.saveSummary(plan, status);
            return new Outcome(plan, status, 0);
        }
        try (DockerEngine engine = DockerEngine.connect()) {
            int stale = engine.removeContainers(Map.of("arena/run-id", runId));
            if (stale > 0) {
                listener.warning("removed " + stale + " container(s) left behind by an earlier attempt at this run");
            }
            return execute(engine, plan, pending);
        }
    }

    /** Stops a running call (Ctrl+C) and waits until the containers are gone. */
    public void cancel() throws InterruptedException {
        LocalExecutor e = executor;
        if (e != null) {
            e.cancel(30);
        }
    }

    private Outcome execute(DockerEngine engine, RunPlan plan, List<WorkItem> items) throws InterruptedException {
        executor = new LocalExecutor(engine, runs.store(), parallel, listener, logins);
        try {
            executor.execute(plan, items);
        } catch (InterruptedException e) {
            // backstop: whatever a worker could not remove in time
            engine.removeContainers(Map.of("arena/run-id", plan.runId()));
            throw e;
        }
        RunStatus status = runs.status(plan);
        runs.saveSummary(plan, status);
        return new Outcome(plan, status, items.size());
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
