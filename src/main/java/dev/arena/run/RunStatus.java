package dev.arena.run;

import dev.arena.result.ResultSummary;
import dev.arena.result.TaskResult;
import dev.arena.result.TokenCostTally;
import dev.arena.result.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a run stands: counts per verdict, errors by kind, pass rate per dataset, usage, and the
 * items that have no result yet. Written as {@code summary.json} and printed by {@code status}.
 *
 * @param items        attempts planned (tasks x pass@k); {@code done}, {@code passed}... count attempts
 * @param tasksPassed  tasks with at least one passing attempt (pass@k)
 * @param costUsd      sum over priced attempts; null when no attempt had a price
 * @param unpricedAttempts attempts that used tokens but had no price, so the cost is a lower bound
 */
public record RunStatus(String runId, String agent, String model, int passAtK, int items, int tasks, int tasksPassed,
                        int done, int passed, int failed,
                        int errors, Map<String, Integer> errorsByKind, Map<String, DatasetStatus> datasets,
                        long inputTokens, long outputTokens, Double costUsd, int unpricedAttempts,
                        List<String> missing) {

    /** Per dataset; {@code passRate} is passed over done (errors count as not passed), null when nothing is done. */
    public record DatasetStatus(int items, int done, int passed, int failed, int errors, Double passRate) {
    }

    public boolean complete() {
        return done == items;
    }

    public static RunStatus of(RunPlan plan, Map<WorkItem, TaskResult> results) {
        Map<WorkItem, ResultSummary> summaries = new java.util.HashMap<>();
        results.forEach((item, r) -> summaries.put(item, ResultSummary.of(r)));
        return fromSummaries(plan, summaries);
    }

    public static RunStatus fromSummaries(RunPlan plan, Map<WorkItem, ResultSummary> results) {
        Map<String, int[]> perDataset = new LinkedHashMap<>();
        Map<String, Integer> errorKinds = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        int errors = 0;
        TokenCostTally tally = new TokenCostTally();
        for (WorkItem item : plan.items()) {
            int[] c = perDataset.computeIfAbsent(item.dataset(), k -> new int[5]);
            c[0]++;
            ResultSummary r = results.get(item);
            if (r == null) {
                missing.add(item.label());
                continue;
            }
            c[1]++;
            if (r.verdict() == Verdict.PASSED) {
                passed++;
                c[2]++;
            } else if (r.verdict() == Verdict.FAILED) {
                failed++;
                c[3]++;
            } else {
                errors++;
                c[4]++;
                errorKinds.merge(r.errorKind() == null ? "unknown" : r.errorKind().json(), 1, Integer::sum);
            }
            tally.add(r.inputTokens(), r.outputTokens(), r.costUsd());
        }
        java.util.Set<String> tasks = new java.util.HashSet<>();
        java.util.Set<String> tasksPassed = new java.util.HashSet<>();
        for (WorkItem item : plan.items()) {
            tasks.add(item.dataset() + "/" + item.task());
            ResultSummary r = results.get(item);
            if (r != null && r.verdict() == Verdict.PASSED) {
                tasksPassed.add(item.dataset() + "/" + item.task());
            }
        }
        Map<String, DatasetStatus> datasets = new LinkedHashMap<>();
        perDataset.forEach((name, c) -> datasets.put(name,
                new DatasetStatus(c[0], c[1], c[2], c[3], c[4], c[1] == 0 ? null : (double) c[2] / c[1])));
        return new RunStatus(plan.runId(), plan.settings().agent(), plan.settings().model(), plan.passAtK(),
                plan.items().size(), tasks.size(), tasksPassed.size(),
                passed + failed + errors, passed, failed, errors, errorKinds, datasets, tally.inputTokens(), tally.outputTokens(), tally.costUsd(),
                tally.unpricedAttempts(), missing);
    }
}
