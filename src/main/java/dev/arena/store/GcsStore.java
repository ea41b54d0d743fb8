package dev.arena.store;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * An {@link ArtifactStore} in a GCS bucket, under a key prefix ({@code runs/} or
 * {@code datasets/}). Each object is written in one request (or one resumable session for large
 * files), which GCS makes visible atomically; {@link #putIfAbsent} uses the
 * "generation must be 0" precondition. {@code Blob} and friends stay inside this class.
 */
public final class GcsStore implements ArtifactStore {
    /** Files above this size go through a resumable upload session, in chunks of this size. */
    static final int CHUNK = 8 << 20;

    private final Storage storage;
    private final String bucket;
    private final String prefix;

    public GcsStore(Storage storage, String bucket, String prefix) {
        this.storage = storage;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public void put(String key, byte[] content, Map<String, String> metadata) {
        call("write " + key, () -> storage.create(info(key, metadata), content));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] content, Map<String, String> metadata) {
        try {
            storage.create(info(key, metadata), content, Storage.BlobTargetOption.doesNotExist());
            return true;
        } catch (StorageException e) {
            if (e.getCode() == 412) {
                return false;
            }
            throw GcsErrors.translate(e, "write " + locate(key));
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        return call("read " + key, () -> {
            Blob blob = storage.get(id(key));
            return blob == null ? Optional.<byte[]>empty() : Optional.of(blob.getContent());
        });
    }

    @Override
    public boolean download(String key, Path target) {
        return call("read " + key, () -> {
            Blob blob = storage.get(id(key));
            if (blob == null) {
                return false;
            }
            blob.downloadTo(target); // streams through a ReadChannel in chunks
            return true;
        });
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        return call("read " + key, () -> Optional.ofNullable(storage.get(id(key))).map(this::describe));
    }

    @Override
    public List<StoredObject> list(String keyPrefix) {
        return call("list " + keyPrefix, () -> {
            List<StoredObject> objects = new ArrayList<>();
            for (Blob blob : storage.list(bucket, Storage.BlobListOption.prefix(prefix + keyPrefix)).iterateAll()) {
                if (!blob.isDirectory() && !blob.getName().endsWith("/")) {
                    objects.add(describe(blob));
                }
            }
            objects.sort(Comparator.comparing(StoredObject::key));
            return objects;
        });
    }

    @Override
    public List<String> folders(String keyPrefix) {
        return call("list " + keyPrefix, () -> {
            List<String> names = new ArrayList<>();
            String full = prefix + keyPrefix;
            for (Blob blob : storage.list(bucket, Storage.BlobListOption.prefix(full),
                    Storage.BlobListOption.currentDirectory()).iterateAll()) {
                if (blob.isDirectory()) {
                    String name = blob.getName().substring(full.length());
                    names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                }
            }
            names.sort(null);
            return names;
        });
    }

    @Override
    public void delete(String key) {
        call("delete " + key, () -> storage.delete(id(key)));
    }

    @Override
    public void upload(String key, Path file, Map<String, String> metadata, LongConsumer bytesSent) {
        try {
            long size = Files.size(file);
            if (size <= CHUNK) {
                put(key, Files.readAllBytes(file), metadata);
                bytesSent.accept(size);
                return;
            }
            try (WriteChannel out = storage.writer(info(key, metadata)); InputStream in = Files.newInputStream(file)) {
                out.setChunkSize(CHUNK);
                byte[] buf = new byte[1 << 20];
                long sent = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    ByteBuffer chunk = ByteBuffer.wrap(buf, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    sent += n;
                    bytesSent.accept(sent);
                }
            }
        } catch (StorageException e) {
            throw GcsErrors.translate(e, "upload " + locate(key));
        } catch (IOException e) {
            if (e.getCause() instanceof StorageException se) {
                throw GcsErrors.translate(se, "upload " + locate(key));
            }
            throw new UncheckedIOException("cannot upload " + file + " to " + locate(key), e);
        }
    }

    /** A bucket as people and gcloud name it: {@code gs://BUCKET}. */
    public static String url(String bucket) {
        return "gs://" + bucket;
    }

    @Override
    public String locate(String key) {
        return url(bucket) + "/" + prefix + key;
    }

    private BlobId id(String key) {
        return BlobId.of(bucket, prefix + key);
    }

    private BlobInfo info(String key, Map<String, String> metadata) {
        BlobInfo.Builder b = BlobInfo.newBuilder(id(key)).setContentType(contentType(key));
        if (!metadata.isEmpty()) {
            b.setMetadata(metadata);
        }
        return b.build();
    }

    private StoredObject describe(Blob blob) {
        return new StoredObject(blob.getName().substring(prefix.length()), blob.getSize() == null ? 0 : blob.getSize(),
                blob.getMd5ToHexString(), blob.getMetadata());
    }

    private static String contentType(String key) {
        if (key.endsWith(".json")) {
            return "application/json";
        }
        if (key.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (key.endsWith(".tar.gz")) {
            return "application/gzip";
        }
        return key.endsWith(".txt") || key.endsWith(".log") || key.endsWith(".diff") ? "text/plain; charset=utf-8"
                : "application/octet-stream";
    }

    private interface Call<T> {
        T run();
    }

    private <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (StorageException e) {
            throw GcsErrors.translate(e, what + " in " + url(bucket) + "/" + prefix);
        }
    }
}
