package dev.arena.bench;

import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.eval.Agents;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.dataset.Task;
import dev.arena.eval.Attempt;
import dev.arena.eval.EvalSettings;
import dev.arena.eval.TaskEvaluator;
import dev.arena.result.TaskResult;
import dev.arena.sandbox.DockerEngine;
import dev.arena.store.LocalStore;
import dev.arena.testing.TestImages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The harness's own cost per task with a warm image cache: arena's evaluation of one task with
 * the null agent (image lookup, the agent's and the grading container, the agent's container
 * paused and its tree read through the archive API, then diffed and tested by the grading
 * container's main process, result files) against the obvious alternative, a plain {@code docker run --rm} of the same
 * image running the same test command with the grader files bind-mounted. The two alternate
 * (ABAB) so drift on a noisy machine hits both. Run with bench/run-overhead.sh.
 */
public final class HarnessOverheadBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<String> datasets = args.length > 1 ? List.of(args[1].split(",")) : List.of("py-textkit", "js-inventory");
        try (DockerEngine engine = DockerEngine.connect()) {
            for (String name : datasets) {
                measure(engine, DatasetLoader.load(Path.of("examples/datasets", name)), rounds);
            }
        }
    }

    private static void measure(DockerEngine engine, Dataset dataset, int rounds) throws Exception {
        Task task = dataset.tasks().get(0);
        EvalSettings settings = TestImages.settings("null", Duration.ofMinutes(5));
        Path out = Files.createTempDirectory("arena-bench-");
        TaskEvaluator evaluator = new TaskEvaluator(new DockerSandboxProvider(engine), settings, new LocalStore(out));
        TaskResult warm = evaluator.evaluate(new Attempt("bench", dataset, task, 1, 1), Agents.create(settings), "warm/");
        String image = warm.image();

        List<Double> arena = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        Map<String, List<Double>> phases = new TreeMap<>();
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            TaskResult r = evaluator.evaluate(new Attempt("bench", dataset, task, 1, 1), Agents.create(settings), "r" + i + "/");
            arena.add((System.nanoTime() - t0) / 1e6);
            r.phaseSeconds().forEach((k, v) -> phases.computeIfAbsent(k, x -> new ArrayList<>()).add(v * 1000));

            t0 = System.nanoTime();
            int exit = plainDockerRun(dataset, task, image);
            plain.add((System.nanoTime() - t0) / 1e6);
            if (exit != 1 || r.exitCode() == null || r.exitCode() != 1) {
                throw new IllegalStateException("expected the null baseline to fail the tests in both (exit 1), got plain="
                        + exit + " arena=" + r.exitCode());
            }
        }
        double a = median(arena);
        double p = median(plain);
        System.out.printf("%s/%s, %d rounds, warm image %s%n", dataset.name(), task.id(), rounds, image);
        System.out.printf("  arena evaluate (null agent): median %.0f ms (min %.0f, max %.0f)%n", a, min(arena), max(arena));
        System.out.printf("  plain docker run:            median %.0f ms (min %.0f, max %.0f)%n", p, min(plain), max(plain));
        System.out.printf("  overhead per task: %.0f ms; ratio arena/plain: %.2f%n", a - p, a / p);
        phases.forEach((k, v) -> System.out.printf("    phase %-9s median %.0f ms%n", k, median(v)));
    }

    private static int plainDockerRun(Dataset dataset, Task task, String image) throws Exception {
        Process p = new ProcessBuilder("docker", "run", "--rm",
                "-v", dataset.testScript().toAbsolutePath() + ":/app/run_tests.sh:ro",
                "-v", task.dir().toAbsolutePath() + ":/app/tasks/" + task.id() + ":ro",
                "-w", "/app", image, "sh", "-c", "./run_tests.sh " + task.id() + " 2>&1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
