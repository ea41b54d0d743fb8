package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.config.KubeconfigPath;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.NetworkingV1Api;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A connection to the cluster and the namespace arena works in. The client is injected in
 * tests (the mock API server); {@link #connect} resolves it the standard way: $KUBECONFIG,
 * ~/.kube/config, then the pod's service account, with an optional context.
 */
public final class Cluster {
    public static final String DEFAULT_NAMESPACE = dev.arena.config.Settings.DEFAULT_NAMESPACE;

    private final ApiClient client;
    private final String namespace;

    public Cluster(ApiClient client, String namespace) {
        this.client = client;
        this.namespace = namespace == null ? DEFAULT_NAMESPACE : namespace;
    }

    public static Cluster connect(String context, String namespace) {
        try {
            return new Cluster(context == null ? ClientBuilder.standard().build() : withContext(context), namespace);
        } catch (IOException | RuntimeException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot load the Kubernetes configuration (" + e.getMessage()
                    + "); set KUBECONFIG or run `gcloud container clusters get-credentials`", e);
        }
    }

    private static ApiClient withContext(String context) throws IOException {
        Path file = KubeconfigPath.of(System.getenv());
        try (Reader r = Files.newBufferedReader(file)) {
            KubeConfig config = KubeConfig.loadKubeConfig(r);
            config.setFile(file.toFile());
            if (!config.setContext(context)) {
                throw ArenaException.usage("no context '" + context + "' in " + file);
            }
            return ClientBuilder.kubeconfig(config).build();
        }
    }

    public String namespace() {
        return namespace;
    }

    public CoreV1Api core() {
        return new CoreV1Api(client);
    }

    public BatchV1Api batch() {
        return new BatchV1Api(client);
    }

    public NetworkingV1Api networking() {
        return new NetworkingV1Api(client);
    }

    /**
     * Fails unless the API server answers with this identity: reading the namespace is enough
     * (a 404 still proves the connection and the credentials work).
     */
    public void ping() {
        try {
            core().readNamespace(namespace).execute();
        } catch (ApiException e) {
            if (!notFound(e)) {
                throw failure("read namespace " + namespace, e);
            }
        }
    }

    public String server() {
        return client.getBasePath();
    }

    /** A call failed: "unreachable" for transport errors, else the API's own status and message. */
    public ArenaException failure(String action, ApiException e) {
        if (e.getCode() == 0) {
            return new ArenaException(ExitCode.ENVIRONMENT, "cannot reach the Kubernetes API at " + server() + " ("
                    + rootMessage(e) + "); check `kubectl config current-context` or pass --context", e);
        }
        return new ArenaException(ExitCode.ENVIRONMENT, "cannot " + action + ": HTTP " + e.getCode() + " "
                + firstLine(e.getResponseBody()), e);
    }

    public static boolean notFound(ApiException e) {
        return e.getCode() == 404;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
