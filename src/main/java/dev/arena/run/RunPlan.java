package dev.arena.run;

import dev.arena.agent.cli.AgentTarball;
import dev.arena.agent.llm.RunSpend;
import dev.arena.eval.EvalSettings;
import dev.arena.store.RunLayout;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as planned: what to evaluate and how. Stored as {@code run.json} before any work starts,
 * so a resume, a status or a pod sees exactly the same items in the same order.
 *
 * @param regradeOf     the run whose stored patches this run grades again ({@code arena regrade}), else null
 * @param agentTarballs a cluster run of a CLI agent: the package tarballs its pods take from the
 *                      bucket, each with the hash they must have; empty otherwise
 * @param maxCostUsd    the run's cap on model costs ({@code --max-cost}; a resume may raise it), or
 *                      null for none: no attempt starts once the run's results cost that much
 */
public record RunPlan(int schema, String runId, Instant createdAt, String arenaVersion, int passAtK,
                      EvalSettings settings, List<DatasetRef> datasets, List<WorkItem> items, boolean prebuiltImages,
                      String regradeOf, List<AgentTarball> agentTarballs, Double maxCostUsd) {
    public static final int SCHEMA = 1;

    public RunPlan {
        datasets = List.copyOf(datasets);
        items = List.copyOf(items);
        agentTarballs = agentTarballs == null ? List.of() : List.copyOf(agentTarballs);
        if (maxCostUsd != null) {
            RunSpend.checkCap(maxCostUsd); // run.json may come from a stranger: a negative or NaN cap is refused
        }
    }

    /** Without a run cap. */
    public RunPlan(int schema, String runId, Instant createdAt, String arenaVersion, int passAtK,
                   EvalSettings settings, List<DatasetRef> datasets, List<WorkItem> items, boolean prebuiltImages,
                   String regradeOf, List<AgentTarball> agentTarballs) {
        this(schema, runId, createdAt, arenaVersion, passAtK, settings, datasets, items, prebuiltImages, regradeOf, agentTarballs, null);
    }

    public RunPlan(int schema, String runId, Instant createdAt, String arenaVersion, int passAtK,
                   EvalSettings settings, List<DatasetRef> datasets, List<WorkItem> items, boolean prebuiltImages,
                   String regradeOf) {
        this(schema, runId, createdAt, arenaVersion, passAtK, settings, datasets, items, prebuiltImages, regradeOf, List.of());
    }

    /** A plan that builds every image from its dataset. */
    public RunPlan(int schema, String runId, Instant createdAt, String arenaVersion, int passAtK,
                   EvalSettings settings, List<DatasetRef> datasets, List<WorkItem> items) {
        this(schema, runId, createdAt, arenaVersion, passAtK, settings, datasets, items, false, null);
    }

    public RunPlan(int schema, String runId, Instant createdAt, String arenaVersion, int passAtK,
                   EvalSettings settings, List<DatasetRef> datasets, List<WorkItem> items, boolean prebuiltImages) {
        this(schema, runId, createdAt, arenaVersion, passAtK, settings, datasets, items, prebuiltImages, null);
    }

    /**
     * A dataset as it was when the run was planned: where it was, the hash of its image context
     * and, when the run uses prebuilt images, the image pinned by digest ({@code repo@sha256:...};
     * null when none was found, so the evaluator builds and says so).
     */
    public record DatasetRef(String name, String path, String contentHash, int taskCount, String image) {
        public DatasetRef(String name, String path, String contentHash, int taskCount) {
            this(name, path, contentHash, taskCount, null);
        }
    }

    /** This plan with prebuilt images: {@code images} maps dataset names to digest references. */
    public RunPlan withPrebuiltImages(Map<String, String> images) {
        List<DatasetRef> pinned = datasets.stream()
                .map(d -> new DatasetRef(d.name(), d.path(), d.contentHash(), d.taskCount(), images.get(d.name()))).toList();
        return new RunPlan(schema, runId, createdAt, arenaVersion, passAtK, settings, pinned, items, true, regradeOf, agentTarballs,
                maxCostUsd);
    }

    /** This plan with the CLI agent's tarballs pinned (a cluster run, before run.json is written). */
    public RunPlan withAgentTarballs(List<AgentTarball> tarballs) {
        return new RunPlan(schema, runId, createdAt, arenaVersion, passAtK, settings, datasets, items, prebuiltImages, regradeOf, tarballs,
                maxCostUsd);
    }

    /** This plan with the run cap {@code --max-cost} of a resume. */
    public RunPlan withMaxCostUsd(double usd) {
        return new RunPlan(schema, runId, createdAt, arenaVersion, passAtK, settings, datasets, items, prebuiltImages, regradeOf,
                agentTarballs, usd);
    }

    /**
     * A new run that grades {@code items} of this one again from their stored patches, with this
     * run's settings, datasets and pinned images (no run cap: grading calls no model).
     */
    public RunPlan regradedAs(String newRunId, List<WorkItem> items, Instant now, String version) {
        return new RunPlan(SCHEMA, newRunId, now, version, passAtK, settings, datasets, items, prebuiltImages, runId);
    }

    /** The pinned image of each dataset that has one. */
    public Map<String, String> pinnedImages() {
        Map<String, String> out = new LinkedHashMap<>();
        datasets.stream().filter(d -> d.image() != null).forEach(d -> out.put(d.name(), d.image()));
        return out;
    }

    public RunLayout layout() {
        return new RunLayout(runId, passAtK);
    }

    public String resultKey(WorkItem item) {
        return layout().resultKey(item.dataset(), item.task(), item.attempt());
    }
}
