package dev.arena.report;

import dev.arena.result.Phase;
import dev.arena.result.TaskResult;
import dev.arena.result.TokenCostTally;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run spent: tokens, money and time. {@code costUsd} sums the priced attempts and is null
 * when none had a price (an unpriced model is not free); {@code unpricedAttempts} counts the
 * attempts that used tokens without a price, so a non-null cost may be a lower bound.
 *
 * @param phaseSeconds     total seconds per phase over all attempts, phases in pipeline order
 * @param durationSeconds  wall clock per attempt: median, 90th percentile and maximum
 */
public record Usage(long inputTokens, long outputTokens, Double costUsd, int unpricedAttempts,
                    Map<String, Double> phaseSeconds, Durations durationSeconds, List<SlowTask> slowest) {

    static final int SLOWEST = 10;

    public record Durations(double total, Double median, Double p90, Double max) {
    }

    public record SlowTask(String task, int attempt, double seconds) {
    }

    public static Usage of(List<TaskResult> results) {
        TokenCostTally tally = new TokenCostTally();
        Map<String, Double> phases = new TreeMap<>(Comparator.comparingInt(Usage::phaseRank).thenComparing(p -> p));
        for (TaskResult r : results) {
            tally.add(r.inputTokens(), r.outputTokens(), r.costUsd());
            if (r.phaseSeconds() != null) {
                r.phaseSeconds().forEach((phase, seconds) -> phases.merge(phase, seconds, Double::sum));
            }
        }
        List<TaskResult> bySlowest = new ArrayList<>(results);
        bySlowest.sort(Comparator.comparingDouble(TaskResult::durationSeconds).reversed());
        List<SlowTask> slowest = bySlowest.stream().limit(SLOWEST)
                .map(r -> new SlowTask(r.dataset() + "/" + r.taskId(), r.attempt(), r.durationSeconds())).toList();
        return new Usage(tally.inputTokens(), tally.outputTokens(), tally.costUsd(), tally.unpricedAttempts(), new LinkedHashMap<>(phases), durations(results), slowest);
    }

    private static int phaseRank(String phase) {
        int rank = Phase.rank(phase);
        return rank < 0 ? Phase.values().length : rank;
    }

    private static Durations durations(List<TaskResult> results) {
        double[] sorted = results.stream().mapToDouble(TaskResult::durationSeconds).sorted().toArray();
        if (sorted.length == 0) {
            return new Durations(0, null, null, null);
        }
        double total = 0;
        for (double d : sorted) {
            total += d;
        }
        return new Durations(total, percentile(sorted, 0.5), percentile(sorted, 0.9), sorted[sorted.length - 1]);
    }

    /** Linear interpolation between closest ranks, so the median of an even count is the mean of the middle two. */
    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
