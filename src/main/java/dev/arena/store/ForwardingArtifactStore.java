package dev.arena.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A store that hands every call to another; a subclass overrides only what it changes (a pod's
 * create-only writes, a test's record of writes).
 */
public abstract class ForwardingArtifactStore implements ArtifactStore {
    protected final ArtifactStore delegate;

    protected ForwardingArtifactStore(ArtifactStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void put(String key, byte[] content, Map<String, String> metadata) {
        delegate.put(key, content, metadata);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] content, Map<String, String> metadata) {
        return delegate.putIfAbsent(key, content, metadata);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return delegate.get(key);
    }

    @Override
    public boolean download(String key, Path target) {
        return delegate.download(key, target);
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        return delegate.stat(key);
    }

    @Override
    public List<StoredObject> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public List<String> folders(String prefix) {
        return delegate.folders(prefix);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public void upload(String key, Path file, Map<String, String> metadata, LongConsumer bytesSent) {
        delegate.upload(key, file, metadata, bytesSent);
    }

    @Override
    public String locate(String key) {
        return delegate.locate(key);
    }
}
