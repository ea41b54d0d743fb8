package dev.arena.cli;

import dev.arena.k8s.Cluster;
import picocli.CommandLine.Option;

/** Which cluster and namespace: the standard kubeconfig resolution plus an explicit context. */
final class ClusterOptions {
    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: the current one).")
    String context;

    @Option(names = "--namespace", paramLabel = "NS", description = "Namespace of arena's objects (default: " + Cluster.DEFAULT_NAMESPACE + ").")
    String namespace;

    /** Whether a cluster is configured at all: flags, a kubeconfig, or running in a pod. */
    boolean configured() {
        String kubeconfig = System.getenv("KUBECONFIG");
        return context != null || namespace != null || kubeconfig != null && !kubeconfig.isBlank()
                || System.getenv("KUBERNETES_SERVICE_HOST") != null
                || java.nio.file.Files.isRegularFile(java.nio.file.Path.of(System.getProperty("user.home"), ".kube", "config"));
    }

    Cluster connect() {
        return Cluster.connect(context, namespace);
    }

    /** The flags that point kubectl at the same place, for the hints we print. */
    String kubectlFlags() {
        return (context != null ? " --context " + context : "") + " -n " + (namespace != null ? namespace : Cluster.DEFAULT_NAMESPACE);
    }
}
