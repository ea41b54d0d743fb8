package dev.arena.store;

import dev.arena.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * An {@link ArtifactStore} in a local folder. Writes go to a hidden temp file that is then
 * renamed (or hard-linked, for {@link #putIfAbsent}, which fails when the target exists).
 * Metadata, rarely used locally, lives in a hidden sidecar file next to the object.
 */
public final class LocalStore implements ArtifactStore {
    private final Path root;

    public LocalStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path path(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("key escapes the store: " + key);
        }
        return p;
    }

    @Override
    public void put(String key, byte[] content, Map<String, String> metadata) {
        Path target = path(key);
        withTemp(target, content, tmp -> {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        });
        writeMetadata(target, metadata);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] content, Map<String, String> metadata) {
        Path target = path(key);
        boolean written = withTemp(target, content, tmp -> {
            try {
                Files.createLink(target, tmp); // atomic, and refuses an existing target
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        });
        if (written) {
            writeMetadata(target, metadata);
        }
        return written;
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(Files.readAllBytes(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path(key), e);
        }
    }

    @Override
    public boolean download(String key, Path target) {
        try {
            Files.copy(path(key), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + path(key) + " to " + target, e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        Path p = path(key);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        return Optional.of(describe(p));
    }

    @Override
    public List<StoredObject> list(String prefix) {
        Path start = path(prefix.contains("/") ? prefix.substring(0, prefix.lastIndexOf('/')) : "");
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(start)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> key(p).startsWith(prefix))
                    .sorted((a, b) -> key(a).compareTo(key(b)))
                    .map(this::describe)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + start, e);
        }
    }

    @Override
    public List<String> folders(String prefix) {
        Path dir = path(prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    @Override
    public void delete(String key) {
        Path p = path(key);
        try {
            Files.deleteIfExists(p);
            Files.deleteIfExists(metadataFile(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }

    @Override
    public void upload(String key, Path file, Map<String, String> metadata, LongConsumer bytesSent) {
        Path target = path(key);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 20];
                long sent = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    sent += n;
                    bytesSent.accept(sent);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            writeMetadata(target, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + target, e);
        }
    }

    @Override
    public String locate(String key) {
        return path(key).toString();
    }

    private String key(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private StoredObject describe(Path p) {
        try {
            return new StoredObject(key(p), Files.size(p), null, readMetadata(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    private interface Publish {
        boolean apply(Path tmp) throws IOException;
    }

    private static boolean withTemp(Path target, byte[] content, Publish publish) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.write(tmp, content);
                return publish.apply(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static Path metadataFile(Path p) {
        return p.resolveSibling("." + p.getFileName() + ".meta.json");
    }

    private static void writeMetadata(Path target, Map<String, String> metadata) {
        Path meta = metadataFile(target);
        try {
            if (metadata.isEmpty()) {
                Files.deleteIfExists(meta);
            } else {
                Files.write(meta, Json.mapper().writeValueAsBytes(metadata));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + meta, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> readMetadata(Path p) throws IOException {
        Path meta = metadataFile(p);
        return Files.exists(meta) ? Json.mapper().readValue(meta.toFile(), Map.class) : Map.of();
    }
}
