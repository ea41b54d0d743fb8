package dev.arena.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.arena.ArenaException;
import dev.arena.Json;
import dev.arena.result.ResultSummary;
import dev.arena.result.TaskResult;
import dev.arena.store.StoredObject;
import dev.arena.store.ArtifactStore;
import dev.arena.store.RunLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and writes runs in a store: the plan, the results of its items, the summary. */
public final class RunRepository {
    private final ArtifactStore store;

    public RunRepository(ArtifactStore store) {
        this.store = store;
    }

    public ArtifactStore store() {
        return store;
    }

    public boolean exists(String runId) {
        return store.exists(runId + "/" + RunLayout.PLAN);
    }

    public void savePlan(RunPlan plan) {
        write(plan.layout().planKey(), plan);
    }

    public RunPlan loadPlan(String runId) {
        byte[] bytes = store.get(runId + "/" + RunLayout.PLAN).orElseThrow(() -> ArenaException.usage(
                "no run '" + runId + "' in " + store.locate("") + " (no " + RunLayout.PLAN + ")"));
        try {
            return Json.mapper().readValue(bytes, RunPlan.class);
        } catch (IOException e) {
            // the parser's own message, without the source excerpt Jackson appends on further lines;
            // for a value a record refused (ModelSettings), that record's reason
            String why = e instanceof ValueInstantiationException refused && refused.getCause() != null ? refused.getCause().getMessage()
                    : e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw ArenaException.usage("cannot read the plan of run " + runId + ": " + why);
        }
    }

    /**
     * The results present for a plan's items. Lists the run's keys once and reads only result
     * files of planned items, so it stays fast on large runs and on remote stores.
     */
    public Map<WorkItem, TaskResult> results(RunPlan plan) {
        Set<String> keys = new HashSet<>(store.keys(plan.layout().runDir()));
        Map<WorkItem, TaskResult> results = new HashMap<>();
        for (WorkItem item : plan.items()) {
            String key = plan.resultKey(item);
            if (keys.contains(key)) {
                read(key).ifPresent(r -> results.put(item, r));
            }
        }
        return results;
    }

    /**
     * What status needs of each present result, from one listing of the run: the summary is in
     * each result's metadata; only results written without it are read.
     */
    public Map<WorkItem, ResultSummary> summaries(RunPlan plan) {
        Map<String, StoredObject> objects = new HashMap<>();
        for (StoredObject o : store.list(plan.layout().runDir())) {
            objects.put(o.key(), o);
        }
        Map<WorkItem, ResultSummary> summaries = new HashMap<>();
        for (WorkItem item : plan.items()) {
            StoredObject o = objects.get(plan.resultKey(item));
            if (o != null) {
                ResultSummary.fromMetadata(o.metadata())
                        .or(() -> read(o.key()).map(ResultSummary::of))
                        .ifPresent(s -> summaries.put(item, s));
            }
        }
        return summaries;
    }

    /**
     * What the run's results cost so far, from the same one listing (each result's
     * {@code arena-cost-usd} metadata): the spend its cap ({@code --max-cost}) is held against.
     * Results without a price add nothing.
     */
    public double spentUsd(RunPlan plan) {
        return summaries(plan).values().stream().map(ResultSummary::costUsd).filter(c -> c != null && c > 0)
                .mapToDouble(Double::doubleValue).sum();
    }

    /**
     * Moves an attempt's result to {@code previous/result-<time>.json} in its folder, so the
     * attempt can be evaluated again (--retry-errors) without losing what it said before.
     */
    public void setAside(RunPlan plan, WorkItem item) {
        String key = plan.resultKey(item);
        store.get(key).ifPresent(bytes -> {
            store.put(plan.layout().previousResultKey(item.dataset(), item.task(), item.attempt(),
                    java.time.Instant.now().toEpochMilli()), bytes);
            store.delete(key);
        });
    }

    public RunStatus status(RunPlan plan) {
        return RunStatus.fromSummaries(plan, summaries(plan));
    }

    /** Runs in the store, newest id first: ids are UTC timestamps unless the operator chose others. */
    public java.util.List<String> runIds() {
        java.util.List<String> ids = new java.util.ArrayList<>(store.folders(""));
        ids.sort(java.util.Comparator.reverseOrder());
        return ids;
    }

    public Optional<RunStatus> savedSummary(String runId) {
        return store.get(runId + "/" + RunLayout.SUMMARY).flatMap(bytes -> {
            try {
                return Optional.of(Json.mapper().readValue(bytes, RunStatus.class));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    public void saveSummary(RunPlan plan, RunStatus status) {
        write(plan.layout().summaryKey(), status);
    }

    /** A damaged result counts as missing: resume will redo the item. */
    private Optional<TaskResult> read(String key) {
        return store.get(key).flatMap(TaskResult::parse);
    }

    private void write(String key, Object value) {
        try {
            store.put(key, Json.mapper().writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + key, e);
        }
    }
}
