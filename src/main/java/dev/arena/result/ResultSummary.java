package dev.arena.result;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The part of a result that status needs. Stored as object metadata on result.json, so a status
 * over a bucket with 10,000 results is one listing, not 10,000 reads.
 */
public record ResultSummary(Verdict verdict, ErrorKind errorKind, long inputTokens, long outputTokens, Double costUsd) {
    private static final String VERDICT = "arena-verdict";
    private static final String ERROR_KIND = "arena-error-kind";
    private static final String INPUT = "arena-input-tokens";
    private static final String OUTPUT = "arena-output-tokens";
    private static final String COST = "arena-cost-usd";

    public static ResultSummary of(TaskResult r) {
        return new ResultSummary(r.verdict(), r.errorKind(), r.inputTokens(), r.outputTokens(), r.costUsd());
    }

    public Map<String, String> toMetadata() {
        Map<String, String> m = new HashMap<>();
        m.put(VERDICT, verdict.json());
        if (errorKind != null) {
            m.put(ERROR_KIND, errorKind.json());
        }
        m.put(INPUT, Long.toString(inputTokens));
        m.put(OUTPUT, Long.toString(outputTokens));
        if (costUsd != null) {
            m.put(COST, costUsd.toString());
        }
        return m;
    }

    /** Empty when the metadata is missing or unreadable (an older writer): then read the file. */
    public static Optional<ResultSummary> fromMetadata(Map<String, String> m) {
        try {
            String verdict = m.get(VERDICT);
            if (verdict == null) {
                return Optional.empty();
            }
            String kind = m.get(ERROR_KIND);
            String cost = m.get(COST);
            return Optional.of(new ResultSummary(Verdict.valueOf(verdict.toUpperCase(java.util.Locale.ROOT)),
                    kind == null ? null : ErrorKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)),
                    Long.parseLong(m.getOrDefault(INPUT, "0")), Long.parseLong(m.getOrDefault(OUTPUT, "0")),
                    cost == null ? null : Double.valueOf(cost)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
