package dev.arena.run;

import dev.arena.result.TaskResult;
import dev.arena.store.ArtifactStore;
import dev.arena.store.ForwardingArtifactStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The runs store as a pod writes one attempt into it, with an account that may create objects
 * but never replace or delete one (the bucket grants of `arena setup`, docs/ARCHITECTURE.md "Least privilege in Google Cloud"). The
 * attempt's files are held until its result.json is written, and then:
 * <ul>
 *   <li>another writer already stored result.json: nothing is written, the attempt's files stay that writer's;
 *       result.json is created first and only its winner writes the rest, so two pods racing never mix files;</li>
 *   <li>the result is one the Job retries ({@code setAside}): the result goes to
 *       {@code previous/result-<ms>.json} and the files under {@code previous/<ms>/}, so the retry finds
 *       the attempt's keys free (what {@link RunRepository#setAside} does with a copy and a delete);</li>
 *   <li>otherwise result.json (only if absent), then, if it was this writer's, the files (each only if absent).</li>
 * </ul>
 * A file already present without a result.json was left by a pod that died while writing; it
 * cannot be replaced without delete permission and is kept as it is.
 */
final class CreateOnlyAttemptStore extends ForwardingArtifactStore {
    private record Held(byte[] content, Map<String, String> metadata) {
    }

    private final String resultKey;
    private final String attemptDir;
    private final Predicate<TaskResult> setAside;
    private final SetAsideKeys asideKeys;
    private final LongSupplier clock;
    private final Map<String, Held> held = new LinkedHashMap<>();
    private volatile boolean setAsideDone;

    /** The keys a result set aside at a time goes to: the result's own, and the folder of the other files. */
    interface SetAsideKeys {
        String result(long epochMillis);

        String folder(long epochMillis);
    }

    CreateOnlyAttemptStore(ArtifactStore store, String attemptDir, String resultKey, Predicate<TaskResult> setAside,
                           SetAsideKeys asideKeys, LongSupplier clock) {
        super(store);
        this.attemptDir = attemptDir;
        this.resultKey = resultKey;
        this.setAside = setAside;
        this.asideKeys = asideKeys;
        this.clock = clock;
    }

    /** Whether the result was set aside instead of stored as the attempt's result. */
    boolean setAsideDone() {
        return setAsideDone;
    }

    @Override
    public synchronized void put(String key, byte[] content, Map<String, String> metadata) {
        if (key.startsWith(attemptDir)) {
            held.put(key, new Held(content, metadata));
        } else {
            delegate.put(key, content, metadata);
        }
    }

    @Override
    public synchronized boolean putIfAbsent(String key, byte[] content, Map<String, String> metadata) {
        if (!key.equals(resultKey)) {
            return key.startsWith(attemptDir) ? held.putIfAbsent(key, new Held(content, metadata)) == null
                    : delegate.putIfAbsent(key, content, metadata);
        }
        Optional<TaskResult> result = TaskResult.parse(content);
        if (result.isPresent() && setAside.test(result.get())) {
            long now = clock.getAsLong();
            String folder = asideKeys.folder(now);
            held.forEach((k, h) -> delegate.putIfAbsent(folder + k.substring(attemptDir.length()), h.content(), h.metadata()));
            held.clear();
            delegate.putIfAbsent(asideKeys.result(now), content, metadata);
            setAsideDone = true;
            return true;
        }
        // result.json first: it is the claim on the attempt's folder. Only the writer that wins it
        // writes the other files, so every file in the folder is one pod's, even when two pods of
        // the same index race (a pod that dies in between leaves a result without some of its files).
        boolean won = delegate.putIfAbsent(key, content, metadata);
        if (won) {
            held.forEach((k, h) -> delegate.putIfAbsent(k, h.content(), h.metadata()));
        }
        held.clear();
        return won;
    }

    @Override
    public void delete(String key) {
        throw new UnsupportedOperationException("a pod never deletes (" + key + "): its account may only create objects");
    }
}
