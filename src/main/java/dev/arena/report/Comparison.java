package dev.arena.report;

import dev.arena.result.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Two runs on the tasks both evaluated: attempt 1 of the task has a passed or failed verdict in
 * each run (an error, a missing result or a task one run did not plan leaves the task out, counted
 * in {@code notCompared}). The exact McNemar test asks whether the discordant tasks lean one way
 * more than chance would.
 *
 * @param onlyFirst   tasks passed by the first run only (McNemar's b)
 * @param onlySecond  tasks passed by the second run only (McNemar's c)
 * @param flipped     those b + c tasks, in task order
 * @param settingsDiffer where the two runs' model settings differ ("temperature 0.2 vs default", ...);
 *                    empty when they are the same. A difference means the test compares the settings
 *                    along with the agents, which the report says
 */
public record Comparison(String first, String second, int compared, int notCompared, int bothPassed,
                         int onlyFirst, int onlySecond, int bothFailed, double pValue, List<Flip> flipped,
                         List<String> settingsDiffer) {
    public Comparison {
        flipped = List.copyOf(flipped);
        settingsDiffer = settingsDiffer == null ? List.of() : List.copyOf(settingsDiffer);
    }

    /** A task passed by one run and failed by the other. */
    public record Flip(String task, String first, String second) {
    }

    public static Comparison of(RunData a, RunData b) {
        Map<TaskKey, TaskAttempts> tasksA = byKey(a);
        Map<TaskKey, TaskAttempts> tasksB = byKey(b);
        List<TaskKey> keys = new ArrayList<>(tasksA.keySet());
        tasksB.keySet().stream().filter(k -> !tasksA.containsKey(k)).forEach(keys::add);
        keys.sort(null);
        int both = 0;
        int onlyA = 0;
        int onlyB = 0;
        int neither = 0;
        List<Flip> flips = new ArrayList<>();
        for (TaskKey key : keys) {
            Verdict va = judged(tasksA.get(key));
            Verdict vb = judged(tasksB.get(key));
            if (va == null || vb == null) {
                continue;
            }
            boolean passA = va == Verdict.PASSED;
            boolean passB = vb == Verdict.PASSED;
            if (passA && passB) {
                both++;
            } else if (!passA && !passB) {
                neither++;
            } else {
                flips.add(new Flip(key.label(), va.json(), vb.json()));
                if (passA) {
                    onlyA++;
                } else {
                    onlyB++;
                }
            }
        }
        int compared = both + onlyA + onlyB + neither;
        return new Comparison(a.runId(), b.runId(), compared, keys.size() - compared, both, onlyA, onlyB, neither,
                McNemar.pValue(onlyA, onlyB), flips,
                a.plan().settings().modelSettings().differences(b.plan().settings().modelSettings()));
    }

    private static Map<TaskKey, TaskAttempts> byKey(RunData run) {
        return run.tasks().stream().collect(Collectors.toMap(TaskAttempts::key, Function.identity()));
    }

    /** Attempt 1's verdict when the tests judged it, else null. */
    private static Verdict judged(TaskAttempts task) {
        Verdict v = task == null ? null : task.firstVerdict();
        return v == Verdict.ERROR ? null : v;
    }
}
