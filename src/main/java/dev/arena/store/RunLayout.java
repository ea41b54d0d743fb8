package dev.arena.store;

/**
 * The one place that knows where a run's files go. The same keys are used in a local runs
 * folder and in the bucket (under {@code runs/}):
 * <pre>
 * &lt;run-id&gt;/
 *   run.json                      the plan: items, agent, model, settings, dataset hashes
 *   summary.json                  counts, written when the run ends
 *   report.html                   the page `arena report --upload` stores
 *   &lt;dataset&gt;/&lt;task&gt;/              one folder per task when each task has one attempt
 *     result.json                 verdict, tests, timings, usage (schema 1)
 *     patch.diff                  the agent's change against the pristine /app, as graded
 *     test_output.txt             what run_tests.sh printed
 *     trajectory.json             what a tool-using agent saw and did (docs/TRAJECTORY.md)
 *     logs/task.log               the attempt's own log
 *     logs/image_build.log        the image build output, when this attempt built it
 *     trajectory.json             what a tool-using agent saw and did (docs/TRAJECTORY.md)
 *     previous/result-&lt;ms&gt;.json   results set aside by --retry-errors, or by a pod whose infra or rate_limited error the Job retries
 *     previous/&lt;ms&gt;/...           that pod's other files of the attempt (patch.diff, logs/task.log, ...)
 *   &lt;dataset&gt;/&lt;task&gt;/attempt-&lt;n&gt;/  the same files per attempt when the run has pass@k &gt; 1
 * </pre>
 */
public record RunLayout(String runId, int attemptsPerTask) {
    public static final String PLAN = "run.json";
    public static final String SUMMARY = "summary.json";
    public static final String RESULT = "result.json";
    public static final String PATCH = "patch.diff";
    public static final String TEST_OUTPUT = "test_output.txt";
    public static final String TRAJECTORY = "trajectory.json";
    public static final String REPORT = "report.html";
    public static final String TASK_LOG = "logs/task.log";
    public static final String BUILD_LOG = "logs/image_build.log";

    public String runDir() {
        return runId + "/";
    }

    public String planKey() {
        return runId + "/" + PLAN;
    }

    public String summaryKey() {
        return runId + "/" + SUMMARY;
    }

    public String reportKey() {
        return runId + "/" + REPORT;
    }

    /** The folder of one attempt (1-based), ending with '/'. */
    public String attemptDir(String dataset, String taskId, int attempt) {
        String task = runId + "/" + dataset + "/" + taskId + "/";
        return attemptsPerTask > 1 ? task + "attempt-" + attempt + "/" : task;
    }

    public String resultKey(String dataset, String taskId, int attempt) {
        return attemptDir(dataset, taskId, attempt) + RESULT;
    }

    /** Where a result set aside by --retry-errors goes, named by when it was set aside. */
    public String previousResultKey(String dataset, String taskId, int attempt, long epochMillis) {
        return attemptDir(dataset, taskId, attempt) + "previous/result-" + epochMillis + ".json";
    }

    /** Where the other files of a result set aside by a pod go (beside {@link #previousResultKey}), ending with '/'. */
    public String previousDir(String dataset, String taskId, int attempt, long epochMillis) {
        return attemptDir(dataset, taskId, attempt) + "previous/" + epochMillis + "/";
    }
}
