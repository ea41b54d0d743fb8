package dev.arena.store;

import java.util.List;
import java.util.Optional;

/**
 * Where runs live: keys are '/'-separated paths laid out by {@link RunLayout}. Every {@code put}
 * is atomic, so a reader never sees half a file, even after a crash.
 */
public interface ArtifactStore {
    void put(String key, byte[] content);

    Optional<byte[]> get(String key);

    boolean exists(String key);

    /** Every key that starts with {@code prefix}, sorted. */
    List<String> list(String prefix);

    /** Where a key lives, for messages: a path or a URL. */
    String locate(String key);
}
