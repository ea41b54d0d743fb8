package dev.arena.transfer;

import dev.arena.store.ArtifactStore;
import dev.arena.store.StoredObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code arena results download}: copies a run's folder from a store to a local folder with
 * parallel transfers, skipping files already present with the same size and MD5.
 */
public final class ResultsDownloader {
    private final ArtifactStore runs;
    private final int parallel;

    public ResultsDownloader(ArtifactStore runs, int parallel) {
        this.runs = runs;
        this.parallel = parallel;
    }

    public record Outcome(int downloaded, int skipped, long bytes, Path where) {
    }

    public Outcome download(String runId, Path to) throws InterruptedException {
        List<StoredObject> objects = runs.list(runId + "/");
        if (objects.isEmpty()) {
            throw dev.arena.ArenaException.usage("no run '" + runId + "' in " + runs.locate(""));
        }
        AtomicInteger downloaded = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (StoredObject o : objects) {
                jobs.add(pool.submit(() -> {
                    Path target = to.resolve(o.key()).normalize();
                    if (!target.startsWith(to.toAbsolutePath().normalize()) && !target.startsWith(to.normalize())) {
                        throw new IllegalStateException("object key escapes the target folder: " + o.key());
                    }
                    if (same(target, o)) {
                        skipped.incrementAndGet();
                        return;
                    }
                    byte[] content = runs.get(o.key()).orElseThrow(() -> new IllegalStateException("vanished: " + o.key()));
                    write(target, content);
                    downloaded.incrementAndGet();
                    bytes.addAndGet(content.length);
                }));
            }
            for (Future<?> job : jobs) {
                try {
                    job.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(downloaded.get(), skipped.get(), bytes.get(), to.resolve(runId));
    }

    private static boolean same(Path local, StoredObject remote) {
        try {
            if (!Files.isRegularFile(local) || Files.size(local) != remote.size()) {
                return false;
            }
            return remote.md5Hex() == null || remote.md5Hex().equalsIgnoreCase(md5(local));
        } catch (IOException e) {
            return false;
        }
    }

    private static String md5(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("MD5"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path target, byte[] content) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
