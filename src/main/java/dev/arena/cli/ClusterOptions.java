package dev.arena.cli;

import dev.arena.config.KubeconfigPath;
import dev.arena.config.Settings;
import dev.arena.k8s.Cluster;
import picocli.CommandLine.Option;

/**
 * Which cluster and namespace: the standard kubeconfig resolution plus a context, each from its
 * flag, its ARENA_* variable or the settings file `arena setup` writes.
 */
final class ClusterOptions {
    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: $ARENA_CONTEXT, the settings file, then the current one).")
    String context;

    @Option(names = "--namespace", paramLabel = "NS", description = "Namespace of arena's objects (default: $ARENA_NAMESPACE, the settings file, then " + Cluster.DEFAULT_NAMESPACE + ").")
    String namespace;

    private Settings settings;

    /** Whether a cluster is configured at all: flags, a kubeconfig, or running in a pod. */
    boolean configured() {
        return context() != null || settings().resolve(Settings.Key.NAMESPACE, namespace).source() != Settings.Source.DEFAULT
                || KubeconfigPath.present(System.getenv())
                || System.getenv("KUBERNETES_SERVICE_HOST") != null;
    }

    Cluster connect() {
        return Cluster.connect(context(), namespace());
    }

    String context() {
        return settings().get(Settings.Key.CONTEXT, context);
    }

    String namespace() {
        return settings().get(Settings.Key.NAMESPACE, namespace);
    }

    /** Read once per command: the file does not change while it runs. */
    private Settings settings() {
        if (settings == null) {
            settings = Settings.load();
        }
        return settings;
    }

    /** The flags that point kubectl at the same place, for the hints we print. */
    String kubectlFlags() {
        String ctx = context();
        return (ctx != null ? " --context " + ctx : "") + " -n " + namespace();
    }
}
