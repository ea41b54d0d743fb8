package dev.arena.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.Json;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * One step of a run as a pod prints it on stdout: {@code ARENA_EVENT {...}} on a line of its own,
 * so `arena logs RUN` can pick the events out of every pod's log and merge them by time.
 *
 * @param event   {@link #STARTED}, {@link #PHASE} or {@link #VERDICT}
 * @param index   the item's index in the plan (the pod's completion index)
 * @param phase   the phase entered, for {@link #PHASE}
 * @param verdict for {@link #VERDICT}: passed, failed or error
 * @param detail  for an error verdict, its kind and message
 */
public record RunEvent(Instant time, String event, String run, int index, String dataset, String task, int attempt,
                       String phase, String verdict, String detail) {
    public static final String MARKER = "ARENA_EVENT ";
    public static final String STARTED = "started";
    public static final String PHASE = "phase";
    public static final String VERDICT = "verdict";

    // one line (the shared mapper indents), without the fields an event of its kind leaves empty
    private static final ObjectMapper ONE_LINE = Json.mapper().copy()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    static RunEvent of(Instant time, String event, String run, int index, WorkItem item, String phase, String verdict, String detail) {
        return new RunEvent(time, event, run, index, item.dataset(), item.task(), item.attempt(), phase, verdict, detail);
    }

    public WorkItem item() {
        return new WorkItem(dataset, task, attempt);
    }

    /** The line a pod prints. */
    public String line() {
        try {
            return MARKER + ONE_LINE.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event on a line of a pod's log; empty for any other line (or a damaged event). */
    public static Optional<RunEvent> parse(String line) {
        int at = line.indexOf(MARKER);
        if (at < 0) {
            return Optional.empty();
        }
        try {
            RunEvent e = ONE_LINE.readValue(line.substring(at + MARKER.length()), RunEvent.class);
            return e.time() == null || e.event() == null || e.dataset() == null || e.task() == null ? Optional.empty() : Optional.of(e);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** For people: {@code TIME  DATASET/TASK[ #N]  started | phase agent | passed | error (kind: message)}. */
    public String describe() {
        String what = switch (event) {
            case PHASE -> "phase " + phase;
            case VERDICT -> verdict + (detail == null ? "" : " (" + detail + ")");
            default -> event;
        };
        return time + "  " + item().label() + "  " + what;
    }
}
