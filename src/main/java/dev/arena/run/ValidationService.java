package dev.arena.run;

import dev.arena.agent.llm.Budget;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.dataset.DatasetValidator;
import dev.arena.dataset.Problem;
import dev.arena.dataset.Task;
import dev.arena.eval.Attempt;
import dev.arena.eval.EvalSettings;
import dev.arena.eval.TaskEvaluator;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.sandbox.SandboxProvider;
import dev.arena.store.LocalStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code arena validate}: the static checks of every dataset and, when asked, an oracle run and a null-agent
 * run of every task that passed them (the gold diff must apply and make the tests pass; no change must not).
 */
public final class ValidationService {
    private ValidationService() {
    }

    /** A folder may be one dataset or a folder of datasets. */
    public static List<Dataset> datasetsIn(List<Path> dirs) {
        List<Dataset> all = new ArrayList<>();
        for (Path dir : dirs) {
            all.addAll(DatasetLoader.looksLikeDataset(dir) || !Files.isDirectory(dir)
                    ? List.of(DatasetLoader.load(dir)) : DatasetLoader.loadAll(dir));
        }
        return all;
    }

    public static List<Problem> validate(List<Dataset> datasets) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Path> names = new HashMap<>();
        for (Dataset d : datasets) {
            Path other = names.putIfAbsent(d.name(), d.dir());
            if (other != null && !other.equals(d.dir())) {
                problems.add(new Problem(d.name(), null, "two datasets share this name: " + other + " and " + d.dir()));
            }
            problems.addAll(DatasetValidator.validate(d));
        }
        return problems;
    }

    /**
     * Runs the oracle, then the null agent, on every task without static problems, in one sandbox provider.
     * Returns a problem per task the oracle does not pass, and per task the null agent passes: tests that pass
     * without any change do not test the task. {@code settings} are the oracle's; the null agent gets the same
     * limits. Prints one line per task per agent ({@code ds/task: oracle passed}, {@code ds/task: null failed}).
     */
    public static List<Problem> oracle(SandboxProvider.Factory sandboxes, List<Dataset> datasets, List<Problem> known,
                                       EvalSettings settings, Consumer<String> progress) throws InterruptedException {
        List<Problem> problems = new ArrayList<>();
        Path scratch = scratchDir();
        try (SandboxProvider provider = sandboxes.open()) {
            TaskEvaluator oracle = new TaskEvaluator(provider, withAgent(settings, "oracle"), new LocalStore(scratch));
            TaskEvaluator none = new TaskEvaluator(provider, withAgent(settings, "null"), new LocalStore(scratch));
            for (Dataset d : datasets) {
                for (Task t : d.tasks()) {
                    if (known.stream().anyMatch(p -> p.dataset().equals(d.name()) && (p.task() == null || p.task().equals(t.id())))) {
                        continue;
                    }
                    TaskResult r = evaluate(oracle, "oracle", d, t, progress);
                    if (r.verdict() == Verdict.FAILED) {
                        problems.add(new Problem(d.name(), t.id(), "the tests fail with the gold diff applied (exit "
                                + r.exitCode() + "; output in " + scratch.resolve("oracle").resolve(d.name()).resolve(t.id()) + ")"));
                    } else if (r.verdict() == Verdict.ERROR) {
                        problems.add(new Problem(d.name(), t.id(), "oracle: " + r.error()));
                    }
                    TaskResult n = evaluate(none, "null", d, t, progress);
                    if (n.verdict() == Verdict.PASSED) {
                        problems.add(new Problem(d.name(), t.id(), "the tests pass without any change: they do not test the task"
                                + " (output in " + scratch.resolve("null").resolve(d.name()).resolve(t.id()) + ")"));
                    } else if (n.verdict() == Verdict.ERROR && r.verdict() != Verdict.ERROR) {
                        problems.add(new Problem(d.name(), t.id(), "null: " + n.error())); // else the oracle's error says it
                    }
                }
            }
        }
        return problems;
    }

    private static TaskResult evaluate(TaskEvaluator evaluator, String agent, Dataset d, Task t, Consumer<String> progress)
            throws InterruptedException {
        TaskResult r = evaluator.evaluate(new Attempt("validate", d, t, 1, 1), agent + "/" + d.name() + "/" + t.id() + "/");
        progress.accept(d.name() + "/" + t.id() + ": " + agent + " " + r.verdict().json());
        return r;
    }

    private static EvalSettings withAgent(EvalSettings s, String agent) {
        // oracle and null call no model, so no budget per attempt (as before the builder)
        return s.toBuilder().agent(agent).taskBudget(Budget.NONE).build();
    }

    private static Path scratchDir() {
        try {
            return Files.createTempDirectory("arena-validate-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
