package dev.arena.report;

import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The verdict counts and pass rates of a set of tasks (a dataset, or a whole run). Counts are
 * over attempts. {@code strict} divides by every finished attempt (an error is a failure to
 * solve); {@code validOnly} leaves errors out and divides by the attempts the tests judged.
 *
 * @param passAtK per k from 1 to the run's attempts per task, only when that is above 1
 */
public record Scores(int tasks, int attempts, int done, int passed, int failed, int errors,
                     Map<String, Integer> errorsByKind, Proportion strict, Proportion validOnly,
                     List<KScore> passAtK) {

    /**
     * Mean pass@k and pass^k over the tasks with at least k finished attempts (errors count as
     * not passing); {@code tasks} says how many that was. Values are null when no task qualified.
     */
    public record KScore(int k, Double passAtK, Double passHatK, int tasks) {
    }

    public int missing() {
        return attempts - done;
    }

    public static Scores of(List<TaskAttempts> tasks, int attemptsPerTask) {
        int attempts = 0;
        int passed = 0;
        int failed = 0;
        int errors = 0;
        Map<String, Integer> errorsByKind = new TreeMap<>();
        for (TaskAttempts task : tasks) {
            attempts += task.planned().size();
            for (TaskResult r : task.results()) {
                if (r.verdict() == Verdict.PASSED) {
                    passed++;
                } else if (r.verdict() == Verdict.FAILED) {
                    failed++;
                } else {
                    errors++;
                    errorsByKind.merge(r.errorKind() == null ? "unknown" : r.errorKind().json(), 1, Integer::sum);
                }
            }
        }
        int done = passed + failed + errors;
        List<KScore> kScores = new ArrayList<>();
        for (int k = 1; attemptsPerTask > 1 && k <= attemptsPerTask; k++) {
            kScores.add(kScore(tasks, k));
        }
        return new Scores(tasks.size(), attempts, done, passed, failed, errors, errorsByKind,
                Proportion.of(passed, done), Proportion.of(passed, passed + failed), kScores);
    }

    private static KScore kScore(List<TaskAttempts> tasks, int k) {
        double sumAt = 0;
        double sumHat = 0;
        int counted = 0;
        for (TaskAttempts task : tasks) {
            int n = task.results().size();
            if (n >= k) {
                sumAt += PassAtK.passAtK(n, task.passed(), k);
                sumHat += PassAtK.passHatK(n, task.passed(), k);
                counted++;
            }
        }
        return counted == 0 ? new KScore(k, null, null, 0) : new KScore(k, sumAt / counted, sumHat / counted, counted);
    }
}
