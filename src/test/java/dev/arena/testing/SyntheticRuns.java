package dev.arena.testing;

import dev.arena.result.ErrorKind;
import dev.arena.result.ModelSettings;
import dev.arena.result.Verdict;
import dev.arena.store.ArtifactStore;
import dev.arena.store.RunLayout;

import java.util.Random;

/**
 * Plausible finished runs of any size for report tests and benchmarks: verdicts drawn with a
 * per-run skill, a few errors of every kind, long-tailed durations, and per attempt a patch, a
 * pytest-style log and a trajectory. Seeded, so the same arguments give the same run.
 */
public final class SyntheticRuns {
    private static final ErrorKind[] KINDS = ErrorKind.values();

    private SyntheticRuns() {
    }

    /**
     * @param skill       chance an attempt passes, before a per-dataset difficulty
     * @param pricePerMTok dollars per million tokens, or null for an unpriced model
     */
    public static void write(ArtifactStore store, String runId, String model, int datasets, int tasksPerDataset,
                             int attempts, double skill, Double pricePerMTok, long seed) {
        write(store, runId, model, datasets, tasksPerDataset, attempts, skill, pricePerMTok, seed, ModelSettings.NONE, null);
    }

    /** A run made with {@code settings} and the system prompt they hash (null: the built-in one). */
    public static void write(ArtifactStore store, String runId, String model, int datasets, int tasksPerDataset,
                             int attempts, double skill, Double pricePerMTok, long seed, ModelSettings settings, String systemPrompt) {
        Random random = new Random(seed);
        RunFixture run = new RunFixture(runId, "gladiator", model, attempts).modelSettings(settings, systemPrompt);
        for (int d = 0; d < datasets; d++) {
            String dataset = "dataset-" + (char) ('a' + d);
            double difficulty = 0.15 * d;
            for (int t = 0; t < tasksPerDataset; t++) {
                String task = String.format("task-%05d", t);
                run.task(dataset, task);
                for (int a = 1; a <= attempts; a++) {
                    boolean error = random.nextDouble() < 0.05;
                    Verdict verdict = error ? Verdict.ERROR : random.nextDouble() < skill - difficulty ? Verdict.PASSED : Verdict.FAILED;
                    double seconds = 20 + Math.exp(random.nextGaussian()) * 40;
                    long in = 20_000 + random.nextInt(80_000);
                    long out = 1_000 + random.nextInt(5_000);
                    Double cost = pricePerMTok == null ? null : (in + out) * pricePerMTok / 1e6;
                    run.result(dataset, task, a, verdict, error ? KINDS[random.nextInt(KINDS.length)] : null, seconds, in, out, cost);
                    run.file(dataset, task, a, RunLayout.PATCH, patch(task, random));
                    run.file(dataset, task, a, RunLayout.TEST_OUTPUT, testOutput(verdict, random));
                    run.file(dataset, task, a, RunLayout.TRAJECTORY, trajectory(model, task, random));
                }
            }
        }
        run.write(store);
    }

    private static String patch(String task, Random random) {
        StringBuilder p = new StringBuilder("diff --git a/src/app.py b/src/app.py\n--- a/src/app.py\n+++ b/src/app.py\n");
        p.append("@@ -10,12 +10,14 @@ def handler(request):\n");
        for (int i = 0; i < 30; i++) {
            p.append(random.nextInt(4) == 0 ? "-" : random.nextInt(3) == 0 ? "+" : " ")
                    .append("    value_").append(i).append(" = compute(").append(task.hashCode() % 97).append(", ").append(i).append(")\n");
        }
        return p.toString();
    }

    private static String testOutput(Verdict verdict, Random random) {
        StringBuilder o = new StringBuilder("============================= test session starts ==============================\n");
        int tests = 5 + random.nextInt(20);
        for (int i = 0; i < tests; i++) {
            boolean fails = verdict == Verdict.FAILED && i == tests - 1;
            o.append("tests/test_app.py::test_case_").append(i).append(fails ? " FAILED" : " PASSED").append('\n');
        }
        o.append(verdict == Verdict.FAILED ? "=== 1 failed, " + (tests - 1) + " passed ===\n" : "=== " + tests + " passed ===\n");
        return o.toString();
    }

    private static String trajectory(String model, String task, Random random) {
        StringBuilder steps = new StringBuilder();
        int count = 3 + random.nextInt(8);
        for (int i = 1; i <= count; i++) {
            steps.append(i > 1 ? "," : "").append(String.format("""
                    {"index": %d, "started_at": "2026-11-28T18:00:%02dZ", "seconds": %.1f,
                     "usage": {"input_tokens": %d, "output_tokens": %d, "cache_read_tokens": 0, "cache_write_tokens": 0},
                     "assistant_text": "Step %d: I will look at src/app.py and check how %s handles the input.",
                     "tool_calls": [{"id": "call_%d", "name": "%s", "arguments": {"target_file": "src/app.py"},
                       "result": "%s", "output_ref": null, "is_error": %b, "seconds": 0.2}]}""",
                    i, i, 1 + random.nextDouble() * 4, 1000 * i, 150, i, task, i, i % 2 == 0 ? "run_terminal_cmd" : "read_file",
                    "line of output\\n".repeat(20), random.nextInt(10) == 0));
        }
        return """
                {"schema": 1, "agent": "gladiator", "model": "%s", "stop_reason": "answered",
                 "system": "You are a careful software engineer.", "prompt": "Solve %s: make the hidden tests pass.",
                 "steps": [%s], "outputs": {}}
                """.formatted(model, task, steps);
    }
}
