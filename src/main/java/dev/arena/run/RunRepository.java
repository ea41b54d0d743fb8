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
    /** A result's name under {@code previous/} (RunLayout.previousResultKey). */
    private static final java.util.regex.Pattern SET_ASIDE_RESULT = java.util.regex.Pattern.compile("previous/result-\\d+\\.json");

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
     * What the run's attempts cost so far: its results and the ones set aside under
     * {@code previous/} (by --retry-errors or a pod whose error the Job retries), whose calls were
     * paid for all the same. The spend its cap ({@code --max-cost}) is held against. From one
     * listing of the run: each result's {@code arena-cost-usd} metadata, else the file itself (a
     * result written without it). Anyone with write access may have written these, so only
     * results of planned attempts count, and a cost that is not a finite positive number, like a
     * damaged file, adds nothing.
     */
    public double spentUsd(RunPlan plan) {
        Map<String, StoredObject> objects = new HashMap<>();
        for (StoredObject o : store.list(plan.layout().runDir())) {
            objects.put(o.key(), o);
        }
        Set<String> attemptDirs = new HashSet<>();
        java.util.List<StoredObject> counted = new java.util.ArrayList<>();
        for (WorkItem item : plan.items()) {
            attemptDirs.add(plan.layout().attemptDir(item.dataset(), item.task(), item.attempt()));
            StoredObject result = objects.get(plan.resultKey(item));
            if (result != null) {
                counted.add(result);
            }
        }
        for (StoredObject o : objects.values()) {
            int previous = o.key().lastIndexOf("previous/");
            if (previous > 0 && attemptDirs.contains(o.key().substring(0, previous))
                    && SET_ASIDE_RESULT.matcher(o.key().substring(previous)).matches()) {
                counted.add(o);
            }
        }
        double spent = 0;
        for (StoredObject o : counted) {
            Double cost = ResultSummary.fromMetadata(o.metadata()).or(() -> read(o.key()).map(ResultSummary::of))
                    .map(ResultSummary::costUsd).orElse(null);
            if (cost != null && cost > 0 && Double.isFinite(cost)) {
                spent += cost;
            }
        }
        return spent;
    }

    /**
     * Moves an attempt's result to {@code previous/result-<time>.json} in its folder, so the
     * attempt can be evaluated again (--retry-errors) without losing what it said before.
     */
    public void setAside(RunPlan plan, WorkItem item) {
        String key = plan.resultKey(item);
        store.get(key).ifPresent(bytes -> {
            // with its summary, so the run's spend still reads its cost from the listing
            Map<String, String> metadata = store.stat(key).map(StoredObject::metadata).orElse(Map.of());
            store.put(plan.layout().previousResultKey(item.dataset(), item.task(), item.attempt(),
                    java.time.Instant.now().toEpochMilli()), bytes, metadata);
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
