package dev.arena.gateway;

import com.sun.net.httpserver.HttpServer;
import dev.arena.ArenaException;
import dev.arena.agent.llm.Budget;
import dev.arena.agent.llm.RunSpend;
import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.ProviderPaces;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The model gateway: an HTTP server in arena's process that a sandboxed agent calls instead of
 * the model provider. It speaks the Anthropic Messages, OpenAI Chat Completions and OpenAI
 * Responses APIs, takes a per-attempt token ({@link #open}), forwards each call with the real key,
 * streams the answer through as it arrives, and meters, logs and budgets every call
 * ({@link GatewayCall}), paced with the gladiator's calls by the process's shared
 * {@link ProviderPaces}. It listens on one address only, never on all interfaces.
 */
public final class ModelGateway implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        // streamed events are small writes: without TCP_NODELAY, Nagle's algorithm and the client's
        // delayed ACK can hold one back for tens of milliseconds (the JDK server reads this once)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, GatewayGrant> grants = new ConcurrentHashMap<>();
    private final GatewayCall calls;
    private final URI address;

    private ModelGateway(HttpServer server, ExecutorService threads, HttpClient client, ModelCatalog catalog, Duration upstreamTimeout,
                         ProviderPaces paces) {
        this.server = server;
        this.threads = threads;
        this.calls = new GatewayCall(grants::get, client, catalog, upstreamTimeout, paces);
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress() instanceof Inet6Address
                ? "[" + bound.getAddress().getHostAddress() + "]" : bound.getAddress().getHostAddress();
        this.address = URI.create("http://" + host + ":" + bound.getPort());
    }

    /** Listens on {@code address} (port 0: any free port), forwarding with a ten-minute wait for each answer to start. */
    public static ModelGateway start(InetAddress address, int port, ModelCatalog catalog) {
        return start(address, port, catalog, Duration.ofMinutes(10));
    }

    public static ModelGateway start(InetAddress address, int port, ModelCatalog catalog, Duration upstreamTimeout) {
        return start(address, port, catalog, upstreamTimeout, ProviderPaces.shared());
    }

    /** With paces of its own, for tests that must not leave a pause in the process's shared ones. */
    static ModelGateway start(InetAddress address, int port, ModelCatalog catalog, Duration upstreamTimeout, ProviderPaces paces) {
        Objects.requireNonNull(address, "address");
        if (address.isAnyLocalAddress()) {
            throw ArenaException.usage("the model gateway listens on one address the sandbox can reach, not on all interfaces ("
                    + address.getHostAddress() + "); give the sandbox network's gateway address");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("the model gateway cannot listen on " + address.getHostAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        // a streamed call holds its thread for as long as the model writes, so threads are not capped
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "arena-gateway-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        ModelGateway gateway = new ModelGateway(server, threads, client, catalog, upstreamTimeout, paces);
        server.createContext("/", gateway.calls::handle);
        server.setExecutor(threads);
        server.start();
        return gateway;
    }

    /** Where the gateway listens, e.g. {@code http://172.17.0.1:41234}. */
    public URI address() {
        return address;
    }

    /**
     * A new grant for one attempt: a random token (32 bytes from SecureRandom, hex), valid until
     * the grant is closed, whose calls go to {@code upstream} and are logged to {@code modelCalls}.
     */
    public GatewayGrant open(String attemptId, Upstream upstream, Budget budget, Path modelCalls) {
        return open(attemptId, upstream, budget, modelCalls, RunSpend.NONE);
    }

    /** The same, its priced calls added to {@code run}, whose cap ({@code --max-cost}) refuses them too. */
    public GatewayGrant open(String attemptId, Upstream upstream, Budget budget, Path modelCalls, RunSpend run) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        URI base = upstream.provider().speaksAnthropicMessages() ? address : URI.create(address + "/v1");
        GatewayGrant grant = new GatewayGrant(attemptId, token, base, upstream, budget == null ? Budget.NONE : budget, run, modelCalls, this);
        grants.put(token, grant);
        return grant;
    }

    void revoke(GatewayGrant grant) {
        grants.remove(grant.token(), grant);
    }

    /** The grants whose tokens are valid now. */
    public List<GatewayGrant> openGrants() {
        return List.copyOf(grants.values());
    }

    @Override
    public void close() {
        grants.clear();
        server.stop(0);
        threads.shutdownNow();
    }
}
