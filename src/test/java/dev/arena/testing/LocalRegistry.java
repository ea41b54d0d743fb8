package dev.arena.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real OCI registry for tests: Debian's docker-registry (the CNCF distribution registry) on a
 * free port of 127.0.0.1, which the Docker engine talks plain HTTP to without extra settings.
 */
public final class LocalRegistry implements AutoCloseable {
    public static final String BINARY = "/usr/bin/docker-registry";

    private final Process process;
    private final int port;

    private LocalRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    public static LocalRegistry start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("config.yml");
        // deletes enabled, as Artifact Registry allows them, so `images prune` can be tested
        Files.writeString(config, "version: 0.1\nstorage:\n  delete:\n    enabled: true\n  filesystem:\n    rootdirectory: "
                + dir.resolve("data") + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        Process p = new ProcessBuilder(BINARY, "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile()).start();
        LocalRegistry registry = new LocalRegistry(p, port);
        for (int i = 0; i < 100; i++) {
            if (registry.get("/v2/") == 200) {
                return registry;
            }
            Thread.sleep(100);
        }
        registry.close();
        throw new IllegalStateException("docker-registry did not start; see " + dir.resolve("registry.log"));
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    /** The HTTP status of a GET on the registry API, or -1 when it does not answer. */
    public int get(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host() + path).toURL().openConnection();
            c.setRequestProperty("Accept", "application/vnd.docker.distribution.manifest.v2+json");
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Skips the calling test class when the registry is not installed, except under CI=true where it must be. */
    public static void require() {
        Requirement.check(installed() ? null : BINARY + " is missing (apt-get install docker-registry)");
    }

    @Override
    public void close() {
        process.destroy();
    }
}
