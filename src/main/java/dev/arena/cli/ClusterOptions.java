package dev.arena.cli;

import dev.arena.k8s.Cluster;
import picocli.CommandLine.Option;

/** Which cluster and namespace: the standard kubeconfig resolution plus an explicit context. */
final class ClusterOptions {
    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: the current one).")
    String context;

    @Option(names = "--namespace", paramLabel = "NS", description = "Namespace of arena's objects (default: " + Cluster.DEFAULT_NAMESPACE + ").")
    String namespace;

    Cluster connect() {
        return Cluster.connect(context, namespace);
    }

    /** The flags that point kubectl at the same place, for the hints we print. */
    String kubectlFlags() {
        return (context != null ? " --context " + context : "") + " -n " + (namespace != null ? namespace : Cluster.DEFAULT_NAMESPACE);
    }
}
