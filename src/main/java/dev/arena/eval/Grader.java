package dev.arena.eval;

import dev.arena.dataset.Dataset;
import dev.arena.dataset.Task;
import dev.arena.eval.tests.TestOutputParsers;
import dev.arena.eval.tests.TestReport;
import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;
import dev.arena.result.Verdict;
import dev.arena.sandbox.ExecResult;
import dev.arena.sandbox.Sandbox;
import dev.arena.sandbox.StagedSandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs the dataset's hidden tests in the grading sandbox (the pristine image plus the agent's
 * patch): {@code run_tests.sh} and only the task's test files (never its gold diff or
 * description, see {@link #files}) are written in with the agent's tree; then
 * {@code ./run_tests.sh <id>} runs.
 */
final class Grader {
    /** Exit codes of a shell that could not start the grader at all. */
    private static final int NOT_EXECUTABLE = 126;
    private static final int NOT_FOUND = 127;
    /** What a task folder holds besides its tests: never copied into a grading container. */
    static final Set<String> NOT_TESTS = Set.of(Task.GOLD_DIFF_FILE, Task.DESCRIPTION_FILE);

    /** @param exitCode null when the tests ran past their time limit ({@code timedOut}, a failure) */
    record Grade(Verdict verdict, Integer exitCode, TestReport report, String output, boolean timedOut) {
    }

    /** The grading sandbox's second stage, run by {@link #grade}: {@code ./run_tests.sh <id>}, its stderr merged. */
    static String command(Task task) {
        return "chmod +x ./" + Dataset.TEST_SCRIPT + " && ./" + Dataset.TEST_SCRIPT + " '" + task.id() + "' 2>&1";
    }

    /**
     * Runs the tests: the grading sandbox's second stage ({@link #command}), once the patch is in.
     *
     * @param preferredFormat the task's {@code parser_name}, tried first when reading the output (may be null)
     */
    Grade grade(StagedSandbox sandbox, String preferredFormat, Duration timeout)
            throws EvaluationException, InterruptedException {
        ExecResult run = sandbox.run(timeout);
        String output = run.output();
        if (run.timedOut()) {
            // the oracle passed within the same limit when the dataset was validated: the agent's patch is too slow
            return new Grade(Verdict.FAILED, null, TestReport.none(), output, true);
        }
        TestReport report = TestOutputParsers.parse(output, preferredFormat);
        if ((run.exitCode() == NOT_EXECUTABLE || run.exitCode() == NOT_FOUND) && !report.found()) {
            throw new EvaluationException(ErrorKind.GRADING, "run_tests.sh could not run (exit " + run.exitCode() + "): "
                    + output.strip().lines().reduce((a, b) -> b).orElse(""));
        }
        // exit 0 with failures parsed means a grader that swallows its exit code: trust the failures
        boolean passed = run.exitCode() == 0 && report.failed() == 0;
        return new Grade(passed ? Verdict.PASSED : Verdict.FAILED, run.exitCode(), report, output, false);
    }

    /**
     * What grading writes into the sandbox, by entry name at its root ({@code app/run_tests.sh},
     * {@code app/tasks/<id>/...}, folders walked, regular files only), sorted: the grader and the
     * task's test files. Paths the patch cannot touch (protected), so they may go in before it.
     */
    static Map<String, Path> files(Dataset dataset, Task task) {
        String app = Sandbox.WORKDIR.substring(1) + "/";
        Map<String, Path> files = new TreeMap<>();
        files.put(app + Dataset.TEST_SCRIPT, dataset.testScript());
        String dir = app + Dataset.TASKS_DIR + "/" + task.id() + "/";
        for (Path entry : testFiles(task)) {
            try (Stream<Path> walk = Files.walk(entry)) {
                for (Path file : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                    files.put(dir + task.dir().relativize(file).toString().replace('\\', '/'), file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + entry, e);
            }
        }
        return files;
    }

    /** The entries of the task's folder but its gold diff and description, sorted. */
    static List<Path> testFiles(Task task) {
        try (Stream<Path> entries = Files.list(task.dir())) {
            return entries.filter(p -> !NOT_TESTS.contains(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + task.dir(), e);
        }
    }
}
