package dev.arena.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Where runs and datasets live: a local folder or a bucket. Keys are '/'-separated paths (laid
 * out by {@link RunLayout} for runs). Every write is atomic per object, so a reader never sees
 * half a file, even after a crash.
 */
public interface ArtifactStore {
    void put(String key, byte[] content, Map<String, String> metadata);

    default void put(String key, byte[] content) {
        put(key, content, Map.of());
    }

    /**
     * Writes only if nothing is stored at {@code key}; returns false (and writes nothing) if
     * something is. Of two concurrent writers exactly one wins: results are never overwritten by
     * a later attempt by accident.
     */
    boolean putIfAbsent(String key, byte[] content, Map<String, String> metadata);

    Optional<byte[]> get(String key);

    /**
     * Copies the object at {@code key} into the file {@code target} without holding it in memory
     * (a dataset archive may be larger than a pod's heap).
     *
     * @return false when nothing is stored at {@code key} (then {@code target} is not created)
     */
    boolean download(String key, Path target);

    Optional<StoredObject> stat(String key);

    default boolean exists(String key) {
        return stat(key).isPresent();
    }

    /** Every object whose key starts with {@code prefix}, sorted by key. */
    List<StoredObject> list(String prefix);

    default List<String> keys(String prefix) {
        return list(prefix).stream().map(StoredObject::key).toList();
    }

    /** The names of the immediate sub-folders of {@code prefix} (a folder key ending in '/' or ""), sorted. */
    List<String> folders(String prefix);

    void delete(String key);

    /** Uploads a (possibly large) file, resumably where the store supports it, reporting bytes sent. */
    void upload(String key, Path file, Map<String, String> metadata, LongConsumer bytesSent);

    /** Where a key lives, for messages: a path or a gs:// URL. */
    String locate(String key);
}
