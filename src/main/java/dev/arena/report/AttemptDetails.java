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
 * the store and capped. Once the page's budget is spent, later attempts carry only a note and
 * where their files are, so a 10,000-task report stays a size a browser opens.
 */
final class AttemptDetails {
    static final int FILE_LIMIT = 20_000;
    static final long PAGE_BUDGET = 40_000_000;

    private final ArtifactStore store;
    private final long budget;
    private long spent;

    AttemptDetails(ArtifactStore store, long budget) {
        this.store = store;
        this.budget = budget;
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
        a.put("patch", count(Capped.head(text(dir + RunLayout.PATCH), FILE_LIMIT)));
        a.put("test_output", count(Capped.tail(text(dir + RunLayout.TEST_OUTPUT), FILE_LIMIT)));
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
            return TrajectoryDigest.of(Json.mapper().readTree(bytes.get()));
        } catch (IOException e) {
            // a damaged trajectory should not sink the whole report: say so where it would be shown
            return JsonNodeFactory.instance.objectNode().put("unreadable", key + ": " + e.getMessage());
        }
    }
}
