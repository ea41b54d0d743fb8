package dev.arena.run;

import dev.arena.store.ArtifactStore;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A pod's task log, stored in parts while the attempt runs, so a pod killed mid-task leaves its
 * log up to the last checkpoint (task.log itself is stored only with the result).
 * <p>
 * Each checkpoint creates one new object holding the entries since the previous one; nothing is
 * ever rewritten. A GCS object cannot be appended to, and replacing it needs
 * {@code storage.objects.delete}, which the pods' create-only grant lacks on purpose
 * (docs/ARCHITECTURE.md, "Least privilege"); a new object per checkpoint needs only create, is
 * atomic (a reader sees a whole part or none) and costs the log's size once, not once per
 * checkpoint. The parts, in name order, concatenate to the task.log written so far.
 * Checkpoints happen at every phase boundary, at the end, and in between at most every
 * {@code interval} when entries came in (the agent phase can last hours).
 */
final class LogCheckpoints {
    static final long INTERVAL_MILLIS = 60_000;

    private final ArtifactStore store;
    private final String folder;
    private final LongSupplier clock;
    private final long intervalMillis;
    private final Consumer<String> warnings;
    private final StringBuilder pending = new StringBuilder();
    private long lastFlush;
    private int parts;
    private boolean warned;

    /**
     * @param folder   this pod's folder under {@link dev.arena.store.RunLayout#liveLogDir}, ending with '/'
     * @param warnings told once when a checkpoint cannot be stored (the attempt goes on regardless)
     */
    LogCheckpoints(ArtifactStore store, String folder, LongSupplier clock, long intervalMillis, Consumer<String> warnings) {
        this.store = store;
        this.folder = folder;
        this.clock = clock;
        this.intervalMillis = intervalMillis;
        this.warnings = warnings;
        this.lastFlush = clock.getAsLong();
    }

    /** Adds an entry; stores a part when the interval has passed since the last one. */
    synchronized void add(String entry) {
        pending.append(entry).append('\n');
        if (clock.getAsLong() - lastFlush >= intervalMillis) {
            flush();
        }
    }

    /** Stores what came in since the last part, if anything did. */
    synchronized void flush() {
        lastFlush = clock.getAsLong();
        if (pending.length() == 0) {
            return;
        }
        String key = folder + String.format("%04d.log", parts + 1);
        try {
            // the folder is this pod's alone (start time + pod name), so the key is always free
            store.putIfAbsent(key, pending.toString().getBytes(StandardCharsets.UTF_8), java.util.Map.of());
            parts++;
            pending.setLength(0);
        } catch (RuntimeException e) { // kept for the next checkpoint; the final task.log does not depend on it
            if (!warned) {
                warned = true;
                warnings.accept("cannot store a log checkpoint at " + store.locate(key) + ": " + e.getMessage());
            }
        }
    }
}
