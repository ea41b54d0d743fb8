package dev.arena.result;


import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One attempt's {@code result.json} (schema 1). {@code protectedChanges} and {@code modelSettings}
 * are null only in files written before they existed. The IDE-Arena field names ({@code success},
 * {@code exit_code}, {@code tests_passed}, {@code total_tests}, ...) keep their meaning; the rest
 * is described in docs/RESULTS.md. {@code agentVersion} is the version of a versioned agent (the
 * coding-agent CLIs), else null. Written once per attempt, whatever happened.
 */
public record TaskResult(
        int schema,
        String runId,
        String dataset,
        String taskId,
        int attempt,
        String agent,
        String model,
        Verdict verdict,
        ErrorKind errorKind,
        String error,
        String failedPhase,
        boolean success,
        Integer exitCode,
        int testsPassed,
        int testsFailed,
        int testsSkipped,
        int totalTests,
        String testFormat,
        List<TestCaseResult> tests,
        List<String> protectedChanges,
        boolean testsTimedOut,
        Instant startTime,
        Instant endTime,
        double durationSeconds,
        Map<String, Double> phaseSeconds,
        int maxIterations,
        int passAtK,
        int iterations,
        long inputTokens,
        long outputTokens,
        Double costUsd,
        String image,
        String arenaVersion,
        ModelSettings modelSettings,
        String agentVersion) {

    public static final int SCHEMA = 1;

    /** A result without an agent version (agents without versions, and files written before it existed). */
    public TaskResult(int schema, String runId, String dataset, String taskId, int attempt, String agent, String model,
                      Verdict verdict, ErrorKind errorKind, String error, String failedPhase, boolean success, Integer exitCode,
                      int testsPassed, int testsFailed, int testsSkipped, int totalTests, String testFormat,
                      List<TestCaseResult> tests, List<String> protectedChanges, boolean testsTimedOut, Instant startTime,
                      Instant endTime, double durationSeconds, Map<String, Double> phaseSeconds, int maxIterations, int passAtK,
                      int iterations, long inputTokens, long outputTokens, Double costUsd, String image, String arenaVersion,
                      ModelSettings modelSettings) {
        this(schema, runId, dataset, taskId, attempt, agent, model, verdict, errorKind, error, failedPhase, success, exitCode,
                testsPassed, testsFailed, testsSkipped, totalTests, testFormat, tests, protectedChanges, testsTimedOut, startTime,
                endTime, durationSeconds, phaseSeconds, maxIterations, passAtK, iterations, inputTokens, outputTokens, costUsd,
                image, arenaVersion, modelSettings, null);
    }

    /** A result without model settings, for callers written before them. */
    public TaskResult(int schema, String runId, String dataset, String taskId, int attempt, String agent, String model,
                      Verdict verdict, ErrorKind errorKind, String error, String failedPhase, boolean success, Integer exitCode,
                      int testsPassed, int testsFailed, int testsSkipped, int totalTests, String testFormat,
                      List<TestCaseResult> tests, List<String> protectedChanges, boolean testsTimedOut, Instant startTime,
                      Instant endTime, double durationSeconds, Map<String, Double> phaseSeconds, int maxIterations, int passAtK,
                      int iterations, long inputTokens, long outputTokens, Double costUsd, String image, String arenaVersion) {
        this(schema, runId, dataset, taskId, attempt, agent, model, verdict, errorKind, error, failedPhase, success, exitCode,
                testsPassed, testsFailed, testsSkipped, totalTests, testFormat, tests, protectedChanges, testsTimedOut, startTime,
                endTime, durationSeconds, phaseSeconds, maxIterations, passAtK, iterations, inputTokens, outputTokens, costUsd,
                image, arenaVersion, null, null);
    }

    /**
     * A result without the fields issue 13 added: no protected changes, tests not timed out.
     * For callers written before them; result files are read through the full constructor.
     */
    public TaskResult(int schema, String runId, String dataset, String taskId, int attempt, String agent, String model,
                      Verdict verdict, ErrorKind errorKind, String error, String failedPhase, boolean success, Integer exitCode,
                      int testsPassed, int testsFailed, int testsSkipped, int totalTests, String testFormat,
                      List<TestCaseResult> tests, Instant startTime, Instant endTime, double durationSeconds,
                      Map<String, Double> phaseSeconds, int maxIterations, int passAtK, int iterations, long inputTokens,
                      long outputTokens, Double costUsd, String image, String arenaVersion) {
        this(schema, runId, dataset, taskId, attempt, agent, model, verdict, errorKind, error, failedPhase, success, exitCode,
                testsPassed, testsFailed, testsSkipped, totalTests, testFormat, tests, List.of(), false, startTime, endTime,
                durationSeconds, phaseSeconds, maxIterations, passAtK, iterations, inputTokens, outputTokens, costUsd, image,
                arenaVersion, null, null);
    }
    public static final String FILE = "result.json";

    /**
     * A stored result, or empty when the bytes are not one (a damaged file, or one whose
     * {@code model_settings} breaks {@link ModelSettings}' rules, counts as no result).
     */
    public static java.util.Optional<TaskResult> parse(byte[] json) {
        try {
            return java.util.Optional.of(dev.arena.Json.mapper().readValue(json, TaskResult.class));
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }
}
