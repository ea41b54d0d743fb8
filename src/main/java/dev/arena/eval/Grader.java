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

import java.time.Duration;

/**
 * Runs the dataset's hidden tests against the sandbox as the agent left it. {@code run_tests.sh}
 * and {@code tasks/<id>/} are copied in fresh just before, over anything the agent wrote there.
 */
final class Grader {
    /** Exit codes of a shell that could not start the grader at all. */
    private static final int NOT_EXECUTABLE = 126;
    private static final int NOT_FOUND = 127;

    record Grade(Verdict verdict, int exitCode, TestReport report, String output) {
    }

    /** @param preferredFormat the task's {@code parser_name}, tried first when reading the output (may be null) */
    Grade grade(Sandbox sandbox, Dataset dataset, Task task, String preferredFormat, Duration timeout)
            throws EvaluationException, InterruptedException {
        sandbox.exec("rm -rf " + Sandbox.WORKDIR + "/tasks " + Sandbox.WORKDIR + "/" + Dataset.TEST_SCRIPT, Duration.ofMinutes(1));
        sandbox.copyIn(dataset.testScript(), Sandbox.WORKDIR + "/" + Dataset.TEST_SCRIPT);
        sandbox.copyIn(task.dir(), Sandbox.WORKDIR + "/tasks/" + task.id());
        ExecResult run = sandbox.exec("chmod +x ./" + Dataset.TEST_SCRIPT + " && ./" + Dataset.TEST_SCRIPT
                + " '" + task.id() + "' 2>&1", timeout);
        String output = run.output();
        if (run.timedOut()) {
            throw new TimedOut("the tests ran past the time limit (" + timeout.toSeconds() + "s left of the task timeout)", output);
        }
        TestReport report = TestOutputParsers.parse(output, preferredFormat);
        if ((run.exitCode() == NOT_EXECUTABLE || run.exitCode() == NOT_FOUND) && !report.found()) {
            throw new EvaluationException(ErrorKind.GRADING, "run_tests.sh could not run (exit " + run.exitCode() + "): "
                    + output.strip().lines().reduce((a, b) -> b).orElse(""));
        }
        // exit 0 with failures parsed means a grader that swallows its exit code: trust the failures
        boolean passed = run.exitCode() == 0 && report.failed() == 0;
        return new Grade(passed ? Verdict.PASSED : Verdict.FAILED, run.exitCode(), report, output);
    }

    /** The tests hit the time limit; carries what they printed so far. */
    static final class TimedOut extends EvaluationException {
        private final String output;

        TimedOut(String message, String output) {
            super(ErrorKind.TIMEOUT, message);
            this.output = output;
        }

        String output() {
            return output;
        }
    }
}
