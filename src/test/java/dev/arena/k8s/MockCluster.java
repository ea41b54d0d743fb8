package dev.arena.k8s;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;

import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's CRUD API server, with the official client pointed at it. No controllers run there.
 * What CRUD cannot answer (a pod's log) is set up as an expectation ({@link #expectGet}).
 */
final class MockCluster implements AutoCloseable {
    // the server logs every request at INFO; held here so the setting is not garbage-collected
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    final ApiClient client;

    MockCluster() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations, new KubernetesMixedDispatcher(expectations), false);
        server.init();
        client = new ClientBuilder().setBasePath("http://" + server.getHostName() + ":" + server.getPort()).build();
    }

    Cluster cluster(String namespace) {
        return new Cluster(client, namespace);
    }

    /** Answers GET {@code pathAndQuery} with {@code body}, every time; everything else stays CRUD. */
    void expectGet(String pathAndQuery, String body) {
        server.expect().get().withPath(pathAndQuery).andReturn(200, body).always();
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
