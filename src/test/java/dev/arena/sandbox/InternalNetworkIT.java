package dev.arena.sandbox;

import dev.arena.testing.Requirement;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a sandbox on an internal network reaches, tried for real from a container: the allowed
 * port on the network's gateway address and nothing else: not another port there, not the host's
 * other addresses (its main IP, docker0: Docker's internal mode alone lets these through, the host
 * firewall stops them), not a container on the default bridge. Each blocked target is first shown
 * reachable from a container on the default bridge or from the host, so "blocked" means the
 * network's doing. Closing the network, or cleanup by label, removes it and its firewall rules.
 */
@RequiresDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InternalNetworkIT {
    /** Prints {@code open} when a TCP connection to $0:$1 gets the listener's greeting within 3 s, else {@code closed}. */
    private static final String PROBE = "timeout 3 bash -c 'exec 3<>/dev/tcp/$0/$1; head -c 5 <&3' %s %d 2>/dev/null"
            + " | grep -q hello && echo open || echo closed";

    private final String nonce = UUID.randomUUID().toString().substring(0, 12);
    private final Map<String, String> labels = Map.of("arena-network-it", nonce);
    private final List<ServerSocket> listeners = Collections.synchronizedList(new ArrayList<>());
    private DockerSandboxProvider provider;

    @BeforeAll
    void connect() {
        provider = DockerSandboxProvider.connect();
    }

    @AfterAll
    void cleanUp() throws IOException {
        for (ServerSocket s : listeners) {
            s.close();
        }
        if (provider != null) {
            provider.removeAll(labels);
            provider.close();
        }
    }

    @Test
    void aSandboxReachesTheAllowedGatewayPortAndNothingElse() throws Exception {
        try (SandboxNetwork net = provider.network("arena-network-it-" + nonce, labels)) {
            Requirement.check(net.warning().orElse(null)); // the host addresses are blocked only with the firewall
            String bridge = DockerNetwork.bridgeOf(((DockerNetwork) net).id());
            assertTrue(HostFirewall.present(bridge), "firewall chain of " + bridge);

            int allowed = listen(net.gateway());
            int other = listen(net.gateway());
            net.allowTcp(allowed);
            InetAddress docker0 = ipv4Of(NetworkInterface.getByName("docker0"));
            InetAddress main = mainAddress();
            int onDocker0 = listen(docker0);
            int onMain = main == null ? -1 : listen(main);

            try (Sandbox inside = provider.start(spec("inside", net.name()));
                 Sandbox outside = provider.start(spec("outside", "bridge"))) {
                String peer = outside.exec("hostname -I", Duration.ofSeconds(10)).stdout().strip().split("\\s+")[0];
                outside.exec("setsid nohup python3 -c \"import socket\ns=socket.socket()\ns.bind(('0.0.0.0', 8000))\ns.listen(8)\n"
                        + "while True:\n c, _ = s.accept(); c.sendall(b'hello'); c.close()\" >/dev/null 2>&1 &", Duration.ofSeconds(10));
                assertTrue(hostReaches(peer, 8000), "the peer container's listener is up");

                // the controls: from the default bridge the host's addresses answer
                assertEquals("open", probe(outside, docker0.getHostAddress(), onDocker0));
                if (main != null) {
                    assertEquals("open", probe(outside, main.getHostAddress(), onMain));
                }

                assertEquals("open", probe(inside, net.gateway().getHostAddress(), allowed));
                assertEquals("closed", probe(inside, net.gateway().getHostAddress(), other), "another port on the gateway");
                assertEquals("closed", probe(inside, docker0.getHostAddress(), onDocker0), "docker0's address");
                if (main != null) {
                    assertEquals("closed", probe(inside, main.getHostAddress(), onMain), "the host's main address " + main);
                }
                assertEquals("closed", probe(inside, peer, 8000), "a container on the default bridge");
                assertEquals("closed", probe(inside, "1.1.1.1", 443), "an internet address");
            }
        }
        assertTrue(networksLabelled().isEmpty(), "the network is gone after close");
    }

    @Test
    void closingOrCleanupByLabelRemovesTheNetworkAndItsRules() {
        SandboxNetwork closed = provider.network("arena-network-it-" + nonce + "-closed", labels);
        Requirement.check(closed.warning().orElse(null));
        String closedBridge = DockerNetwork.bridgeOf(((DockerNetwork) closed).id());
        SandboxNetwork leftover = provider.network("arena-network-it-" + nonce + "-leftover", labels);
        String leftoverBridge = DockerNetwork.bridgeOf(((DockerNetwork) leftover).id());
        assertTrue(HostFirewall.present(closedBridge) && HostFirewall.present(leftoverBridge));

        closed.close();
        closed.close(); // twice is fine
        assertFalse(HostFirewall.present(closedBridge), "rules of the closed network");
        assertEquals(1, networksLabelled().size());

        provider.removeAll(labels); // a crashed run's leftover, found by its labels
        assertTrue(networksLabelled().isEmpty());
        assertFalse(HostFirewall.present(leftoverBridge), "rules of the leftover network");
    }

    private List<String> networksLabelled() {
        try (DockerEngine engine = DockerEngine.connect()) {
            return engine.networkIds(labels);
        }
    }

    private SandboxSpec spec(String role, String network) {
        return new SandboxSpec(TestImages.baseImage(), "arena-network-it-" + nonce + "-" + role, 256L << 20, 1.0, network, labels);
    }

    private static String probe(Sandbox box, String host, int port) throws InterruptedException {
        ExecResult r = box.exec(String.format(PROBE, host, port), Duration.ofSeconds(20));
        return r.stdout().strip();
    }

    private static boolean hostReaches(String host, int port) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                return true;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    /** A listener on {@code address} that greets every connection with "hello"; returns its port. */
    private int listen(InetAddress address) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, address);
        listeners.add(server);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket c = server.accept(); OutputStream out = c.getOutputStream()) {
                    out.write("hello".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed at the end
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    /** The host's first IPv4 address outside loopback and Docker's interfaces, or null. */
    private static InetAddress mainAddress() throws IOException {
        for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            String n = i.getName();
            if (i.isUp() && !i.isLoopback() && !n.startsWith("br-") && !n.startsWith("docker") && !n.startsWith("veth")) {
                InetAddress a = ipv4Of(i);
                if (a != null) {
                    return a;
                }
            }
        }
        return null;
    }

    private static InetAddress ipv4Of(NetworkInterface i) {
        if (i == null) {
            return null;
        }
        return i.inetAddresses().filter(a -> a instanceof Inet4Address).findFirst().orElse(null);
    }
}
