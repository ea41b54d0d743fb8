package dev.arena.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.arena.ArenaException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection to one Docker engine. Finds the endpoint by trying, in order, {@code DOCKER_HOST},
 * the local socket and the pod's sidecar daemon; when none answers, the error lists why each
 * failed. All docker-java types stay inside this package.
 */
public final class DockerEngine implements AutoCloseable {
    /** Longest wait for removals already under way when a cleanup by label runs. */
    private static final Duration REMOVAL_WAIT = Duration.ofSeconds(30);

    private static final String LOCAL_SOCKET = "unix:///var/run/docker.sock";
    private static final String SIDECAR = "tcp://localhost:2375";

    private final DockerClient client;
    private final String endpoint;
    private final ImageBuilder images;
    private final DerivedImages derived;

    private DockerEngine(DockerClient client, String endpoint) {
        this.client = client;
        this.endpoint = endpoint;
        this.images = new ImageBuilder(client);
        this.derived = new DerivedImages(client);
    }

    /**
     * Connects, trying again until {@code wait} has passed: in a pod the sidecar daemon may still
     * be starting. The last failure is the error when it never answers.
     */
    public static DockerEngine connect(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return connect();
            } catch (ArenaException e) {
                if (System.nanoTime() > deadline) {
                    throw new ArenaException(e.exitCode(), "no Docker engine after " + wait.toSeconds() + "s: " + e.getMessage(), e);
                }
                Thread.sleep(1000);
            }
        }
    }

    public static DockerEngine connect() {
        Map<String, String> candidates = new LinkedHashMap<>();
        String env = System.getenv("DOCKER_HOST");
        if (env != null && !env.isBlank()) {
            candidates.put(env, "DOCKER_HOST");
        } else {
            candidates.put(LOCAL_SOCKET, "local socket");
            candidates.put(SIDECAR, "sidecar daemon");
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> c : candidates.entrySet()) {
            DockerClient client = open(c.getKey());
            try {
                client.pingCmd().exec();
                return new DockerEngine(client, c.getKey());
            } catch (RuntimeException e) {
                failures.add(c.getValue() + " " + c.getKey() + ": " + rootMessage(e));
                closeQuietly(client);
            }
        }
        throw new ArenaException(dev.arena.ExitCode.ENVIRONMENT,
                "cannot reach a Docker engine (" + String.join("; ", failures)
                        + "). Start Docker (for example `dockerd`) or set DOCKER_HOST.");
    }

    /** The engine at {@code endpoint} (e.g. {@code unix:///run/other.sock}), ignoring DOCKER_HOST: for a second daemon. */
    public static DockerEngine at(String endpoint) {
        DockerClient client = open(endpoint);
        try {
            client.pingCmd().exec();
            return new DockerEngine(client, endpoint);
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw new ArenaException(dev.arena.ExitCode.ENVIRONMENT, "cannot reach the Docker engine at " + endpoint + ": " + rootMessage(e));
        }
    }

    private static DockerClient open(String host) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                // every attempt holds its grading container's attach open for its whole length, beside
                // its agent's calls: a pool cap near --parallel would make attempts wait on each other
                .maxConnections(1024)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    public String endpoint() {
        return endpoint;
    }

    public ImageBuilder images() {
        return images;
    }

    /** One per engine, so concurrent attempts of the same image derive it once. */
    public DerivedImages derived() {
        return derived;
    }

    public ImageTransfer transfer() {
        return new ImageTransfer(client);
    }

    public EvaluatorImageBuilder evaluatorImages() {
        return new EvaluatorImageBuilder(client);
    }

    public DockerSandbox start(SandboxSpec spec) {
        return DockerSandbox.start(client, spec);
    }

    /** See {@link SandboxProvider#startStaged}. */
    public StagedSandbox startStaged(SandboxSpec spec, String prepare, String run) {
        return DockerStagedSandbox.start(client, spec, prepare, run);
    }

    /** Creates an internal network for sandboxes; see {@link SandboxNetwork}. */
    public SandboxNetwork network(String name, Map<String, String> labels) {
        return DockerNetwork.create(client, name, labels);
    }

    /** Removes every network carrying all of {@code labels}, with its host firewall rules; its containers must be gone. */
    public int removeNetworks(Map<String, String> labels) {
        return DockerNetwork.removeAll(client, labels);
    }

    /** The ids of the networks carrying all of {@code labels}. */
    public List<String> networkIds(Map<String, String> labels) {
        return DockerNetwork.ids(client, labels);
    }

    /**
     * Removes every container carrying all of {@code labels} (leftovers of a crashed, killed or
     * cancelled run) and returns once none is listed, or after {@link #REMOVAL_WAIT}.
     */
    public int removeContainers(Map<String, String> labels) {
        // the calls below give up at once on an interrupted thread (a cancelled run's): clear the flag meanwhile
        boolean interrupted = Thread.interrupted();
        try {
            int removed = removeListed(labels);
            // a removal whose caller was interrupted mid-call may still be under way in the daemon (a
            // second one is then refused): wait for those, so that the containers are gone on return
            long deadline = System.nanoTime() + REMOVAL_WAIT.toNanos();
            while (!listed(labels).isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                removed += removeListed(labels);
            }
            return removed;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<Container> listed(Map<String, String> labels) {
        return client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
    }

    private int removeListed(Map<String, String> labels) {
        int removed = 0;
        for (Container c : listed(labels)) {
            try {
                client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed++;
            } catch (RuntimeException e) {
                // already gone, or being removed by another call: the caller's wait covers it
            }
        }
        return removed;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return msg.strip().lines().findFirst().orElse(msg);
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // closing a client that never connected
        }
    }

    @Override
    public void close() {
        closeQuietly(client);
    }
}
