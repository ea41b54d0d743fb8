package dev.arena.result;


import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One attempt's {@code result.json} (schema 1). The IDE-Arena field names ({@code success},
 * {@code exit_code}, {@code tests_passed}, {@code total_tests}, ...) keep their meaning; the rest
 * is described in docs/RESULTS.md. Written once per attempt, whatever happened.
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
        String arenaVersion) {

    public static final int SCHEMA = 1;
    public static final String FILE = "result.json";

    /** A stored result, or empty when the bytes are not one (a damaged file counts as no result). */
    public static java.util.Optional<TaskResult> parse(byte[] json) {
        try {
            return java.util.Optional.of(dev.arena.Json.mapper().readValue(json, TaskResult.class));
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }
}
