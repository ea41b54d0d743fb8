package dev.arena.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.Json;
import dev.arena.result.TaskResult;
import dev.arena.store.ArtifactStore;
import dev.arena.store.RunLayout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The heavy part of the page: per attempt its patch, test output and trajectory, read through
 * the store and capped. The page's budget is shared out over all attempts, so in a 10,000-task
 * report every task keeps the start of its patch, the end of its log and its first steps rather
 * than the first tasks keeping everything. Should the caps still overrun it, later attempts carry
 * only a note and where their files are.
 */
final class AttemptDetails {
    static final int FILE_LIMIT = 20_000;
    static final int TRAJECTORY_LIMIT = 60_000;
    static final long PAGE_BUDGET = 40_000_000;
    private static final long MIN_SHARE = 2_000;

    private final ArtifactStore store;
    private final long budget;
    private final int fileLimit;
    private final int trajectoryLimit;
    private long spent;

    AttemptDetails(ArtifactStore store, long budget, int attempts) {
        this.store = store;
        this.budget = budget;
        // half the budget is shared out as text; the other half is headroom for the JSON around
        // it, the notes and a trajectory's first step, which stays whatever its size.
        // Of an attempt's share, a fifth each goes to patch and log, the rest to the trajectory.
        long share = Math.max(MIN_SHARE, budget / 2 / Math.max(1, attempts));
        this.fileLimit = (int) Math.min(FILE_LIMIT, share / 5);
        this.trajectoryLimit = (int) Math.min(TRAJECTORY_LIMIT, share * 3 / 5);
    }

    /** One entry per result of the task, in attempt order. */
    ArrayNode of(RunData run, TaskAttempts task) {
        ArrayNode attempts = JsonNodeFactory.instance.arrayNode();
        for (TaskResult r : task.results()) {
            attempts.add(attempt(run.attemptDir(r), r));
        }
        return attempts;
    }

    private ObjectNode attempt(String dir, TaskResult r) {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("attempt", r.attempt());
        a.put("verdict", r.verdict().json());
        a.put("error_kind", r.errorKind() == null ? null : r.errorKind().json());
        a.put("error", r.error());
        a.put("failed_phase", r.failedPhase());
        a.put("tests", r.testsPassed() + " passed, " + r.testsFailed() + " failed, " + r.testsSkipped() + " skipped");
        a.put("seconds", r.durationSeconds());
        a.put("files", store.locate(dir));
        if (spent >= budget) {
            a.put("left_out", "the page reached its size budget; read the files in the folder above");
            return a;
        }
        a.put("patch", count(Capped.head(text(dir + RunLayout.PATCH), fileLimit)));
        a.put("test_output", count(Capped.tail(text(dir + RunLayout.TEST_OUTPUT), fileLimit)));
        JsonNode trajectory = trajectory(dir + RunLayout.TRAJECTORY);
        if (trajectory != null) {
            spent += trajectory.toString().length();
        }
        a.set("trajectory", trajectory);
        return a;
    }

    private String count(String text) {
        spent += text == null ? 0 : text.length();
        return text;
    }

    private String text(String key) {
        return store.get(key).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
    }

    private JsonNode trajectory(String key) {
        Optional<byte[]> bytes = store.get(key);
        if (bytes.isEmpty()) {
            return null;
        }
        try {
            return TrajectoryDigest.of(Json.mapper().readTree(bytes.get()), trajectoryLimit);
        } catch (IOException e) {
            // a damaged trajectory should not sink the whole report: say so where it would be shown
            return JsonNodeFactory.instance.objectNode().put("unreadable", key + ": " + e.getMessage());
        }
    }
}
