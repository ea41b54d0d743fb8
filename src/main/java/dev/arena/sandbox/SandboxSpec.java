package dev.arena.sandbox;

import java.util.Map;

/**
 * How to start a sandbox: image, resource limits, network ("bridge", "none" or the
 * name of a {@link SandboxNetwork}) and the
 * labels that let cleanup find containers a crashed run left behind.
 *
 * @param pidsLimit most processes and threads the container may hold at once (a fork bomb stops there)
 * @param nofile    the open-files ulimit (soft and hard) of the container's processes
 */
public record SandboxSpec(String image, String name, long memoryBytes, double cpus, String network,
                          Map<String, String> labels, long pidsLimit, int nofile) {
    public static final long DEFAULT_PIDS_LIMIT = 1024;
    public static final int DEFAULT_NOFILE = 4096;

    public SandboxSpec {
        labels = Map.copyOf(labels);
        if (pidsLimit < 1 || nofile < 1) {
            throw new IllegalArgumentException("pids limit and nofile must be positive: " + pidsLimit + ", " + nofile);
        }
    }

    /** The same but for the image, name and network. */
    public SandboxSpec with(String image, String name, String network) {
        return new SandboxSpec(image, name, memoryBytes, cpus, network, labels, pidsLimit, nofile);
    }

    /** With the default pids limit and nofile ulimit. */
    public SandboxSpec(String image, String name, long memoryBytes, double cpus, String network, Map<String, String> labels) {
        this(image, name, memoryBytes, cpus, network, labels, DEFAULT_PIDS_LIMIT, DEFAULT_NOFILE);
    }
}
