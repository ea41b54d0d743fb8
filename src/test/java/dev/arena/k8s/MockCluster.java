package dev.arena.k8s;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;

import java.util.HashMap;

/** fabric8's CRUD API server, with the official client pointed at it. No controllers run there. */
final class MockCluster implements AutoCloseable {
    // the server logs every request at INFO; held here so the setting is not garbage-collected
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    final ApiClient client;

    MockCluster() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = new ClientBuilder().setBasePath("http://" + server.getHostName() + ":" + server.getPort()).build();
    }

    Cluster cluster(String namespace) {
        return new Cluster(client, namespace);
    }

    /** Requests the server has answered so far. */
    int requests() {
        return server.getRequestCount();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
