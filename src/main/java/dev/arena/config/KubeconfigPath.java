package dev.arena.config;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the kubeconfig file is, the way kubectl finds the one it writes to: the first file of
 * {@code $KUBECONFIG}, else {@code ~/.kube/config}. The one place that knows it (setup and teardown
 * write there, {@code --context} reads from there, the CLI asks whether a cluster is configured).
 */
public final class KubeconfigPath {
    public static final String ENV = "KUBECONFIG";

    private KubeconfigPath() {
    }

    /** @param env the environment, {@link System#getenv()} outside tests */
    public static Path of(Map<String, String> env) {
        String k = env.get(ENV);
        if (k != null && !k.isBlank()) {
            return Path.of(k.split(File.pathSeparator)[0]);
        }
        return defaultPath();
    }

    /** {@code ~/.kube/config}. */
    public static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".kube", "config");
    }

    /** Whether a kubeconfig is configured: {@code $KUBECONFIG} is set, or {@code ~/.kube/config} exists. */
    public static boolean present(Map<String, String> env) {
        String k = env.get(ENV);
        return k != null && !k.isBlank() || Files.isRegularFile(defaultPath());
    }
}
