package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.Version;
import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.ModelRef;
import dev.arena.dataset.BuildContext;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.dataset.Names;
import dev.arena.dataset.Task;
import dev.arena.eval.Agents;
import dev.arena.eval.EvalSettings;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns a request into a plan: resolves dataset and task names, refusing unknown ones by name. */
public final class RunPlanner {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RunPlanner() {
    }

    public static String newRunId() {
        return RUN_ID.format(Instant.now());
    }

    public static RunPlan plan(RunRequest request) {
        String runId = request.runId() == null ? newRunId() : request.runId();
        if (!Names.isSafe(runId)) {
            throw ArenaException.usage("run id '" + runId + "' may only hold letters, digits, '.', '_' and '-'");
        }
        if (request.passAtK() < 1) {
            throw ArenaException.usage("--pass-at must be at least 1");
        }
        List<Dataset> datasets = select(request);
        Set<String> wantedTasks = new LinkedHashSet<>(request.tasks());
        Set<String> seenTasks = new HashSet<>();
        List<RunPlan.DatasetRef> refs = new ArrayList<>();
        List<WorkItem> items = new ArrayList<>();
        for (Dataset d : datasets) {
            int count = 0;
            for (Task t : d.tasks()) {
                if (!wantedTasks.isEmpty() && !wantedTasks.contains(t.id())) {
                    continue;
                }
                seenTasks.add(t.id());
                count++;
                for (int attempt = 1; attempt <= request.passAtK(); attempt++) {
                    items.add(new WorkItem(d.name(), t.id(), attempt));
                }
            }
            if (count > 0) {
                refs.add(new RunPlan.DatasetRef(d.name(), d.dir().toString(), BuildContext.of(d.dir()).contentHash(), count));
            }
        }
        List<String> unknown = wantedTasks.stream().filter(t -> !seenTasks.contains(t)).toList();
        if (!unknown.isEmpty()) {
            throw ArenaException.usage("unknown task(s) " + String.join(", ", unknown) + " in the selected datasets");
        }
        if (items.isEmpty()) {
            throw ArenaException.usage("nothing to run: the selected datasets have no tasks");
        }
        if (request.maxCostUsd() != null) {
            checkRunCap(request.settings(), request.maxCostUsd());
        }
        return new RunPlan(RunPlan.SCHEMA, runId, Instant.now(), Version.get(), request.passAtK(),
                request.settings(), refs, items, false, null, List.of(), request.maxCostUsd());
    }

    /**
     * A run cap needs an agent that calls a model and a price for that model: otherwise its spend
     * could never be counted, and the cap never kept.
     */
    public static void checkRunCap(EvalSettings settings, double maxCostUsd) {
        if (!(maxCostUsd > 0) || Double.isInfinite(maxCostUsd)) {
            throw ArenaException.usage("--max-cost must be a number of USD above 0, not '" + maxCostUsd + "'");
        }
        if (!Agents.callsAModel(settings.agent())) {
            throw ArenaException.usage("--max-cost is for the agents that call a model (gladiator, claude-code, codex), not "
                    + settings.agent());
        }
        if (settings.model() != null && ModelCatalog.load().prices(ModelRef.parse(settings.model())).isEmpty()) {
            throw ArenaException.usage("--max-cost needs a priced model: " + settings.model()
                    + " has no price in the model catalog, so the run's spend cannot be counted");
        }
    }

    private static List<Dataset> select(RunRequest request) {
        List<Dataset> all = DatasetLoader.loadAll(request.datasetsDir());
        if (request.datasets().isEmpty()) {
            if (all.isEmpty()) {
                throw ArenaException.usage("no datasets in " + request.datasetsDir());
            }
            return all;
        }
        List<Dataset> chosen = new ArrayList<>();
        for (String name : new LinkedHashSet<>(request.datasets())) {
            chosen.add(all.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow(() -> ArenaException.usage(
                    "unknown dataset '" + name + "' in " + request.datasetsDir() + "; found: "
                            + String.join(", ", all.stream().map(Dataset::name).toList()))));
        }
        return chosen;
    }
}
