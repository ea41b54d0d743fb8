package dev.arena.sandbox;

import java.util.Map;

/**
 * How to start a sandbox: image, resource limits, network mode ("bridge" or "none") and the
 * labels that let cleanup find containers a crashed run left behind.
 */
public record SandboxSpec(String image, String name, long memoryBytes, double cpus, String network,
                          Map<String, String> labels) {
    public SandboxSpec {
        labels = Map.copyOf(labels);
    }
}
