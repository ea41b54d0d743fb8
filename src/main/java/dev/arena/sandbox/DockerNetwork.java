package dev.arena.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An internal Docker bridge network ({@code docker network create --internal}) with arena's
 * labels, so cleanup by label finds it, and the host's {@link HostFirewall} for its bridge.
 */
final class DockerNetwork implements SandboxNetwork {
    private final DockerClient client;
    private final String id;
    private final String name;
    private final InetAddress gateway;
    private final HostFirewall firewall;
    private final String warning;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DockerNetwork(DockerClient client, String id, String name, InetAddress gateway, HostFirewall firewall, String warning) {
        this.client = client;
        this.id = id;
        this.name = name;
        this.gateway = gateway;
        this.firewall = firewall;
        this.warning = warning;
    }

    static DockerNetwork create(DockerClient client, String name, Map<String, String> labels) {
        String id;
        try {
            id = client.createNetworkCmd().withName(name).withDriver("bridge").withInternal(true)
                    .withCheckDuplicate(true).withLabels(labels).exec().getId();
        } catch (RuntimeException e) {
            throw new SandboxException("cannot create the network " + name + ": " + DockerEngine.rootMessage(e), e);
        }
        try {
            InetAddress gateway = gatewayOf(client.inspectNetworkCmd().withNetworkId(id).exec());
            String bridge = bridgeOf(id);
            Optional<String> unavailable = HostFirewall.unavailable(bridge);
            if (unavailable.isPresent()) {
                return new DockerNetwork(client, id, name, gateway, null, "no host firewall for the internal network " + name
                        + " (" + unavailable.get() + "): its sandboxes can reach services on the host's other addresses");
            }
            return new DockerNetwork(client, id, name, gateway, HostFirewall.install(bridge, gateway.getHostAddress()), null);
        } catch (RuntimeException e) {
            remove(client, id);
            throw e instanceof SandboxException s ? s
                    : new SandboxException("cannot set up the network " + name + ": " + DockerEngine.rootMessage(e), e);
        }
    }

    /** Removes every network carrying all of {@code labels}, and its firewall rules. */
    static int removeAll(DockerClient client, Map<String, String> labels) {
        int removed = 0;
        for (String id : ids(client, labels)) {
            if (remove(client, id)) {
                removed++;
            }
        }
        return removed;
    }

    static List<String> ids(DockerClient client, Map<String, String> labels) {
        List<String> filter = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return client.listNetworksCmd().withFilter("label", filter).exec().stream().map(Network::getId).toList();
    }

    private static boolean remove(DockerClient client, String id) {
        boolean removed;
        try {
            client.removeNetworkCmd(id).exec();
            removed = true;
        } catch (NotFoundException e) {
            removed = false;
        } catch (RuntimeException e) {
            throw new SandboxException("cannot remove the network " + id + ": " + DockerEngine.rootMessage(e), e);
        }
        HostFirewall.removeFor(bridgeOf(id)); // after the bridge is gone, so no packet slips between
        return removed;
    }

    /** Docker's name for a bridge network's interface. */
    static String bridgeOf(String networkId) {
        return "br-" + networkId.substring(0, 12);
    }

    private static InetAddress gatewayOf(Network network) {
        for (Network.Ipam.Config c : network.getIpam().getConfig()) {
            if (c.getGateway() != null && !c.getGateway().contains(":")) {
                try {
                    return InetAddress.getByName(c.getGateway());
                } catch (UnknownHostException e) {
                    throw new SandboxException("the network " + network.getName() + " has a bad gateway " + c.getGateway(), e);
                }
            }
        }
        throw new SandboxException("the network " + network.getName() + " has no IPv4 gateway", null);
    }

    String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public InetAddress gateway() {
        return gateway;
    }

    @Override
    public void allowTcp(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a TCP port: " + port);
        }
        if (firewall != null) {
            firewall.allowTcp(port);
        }
    }

    @Override
    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            remove(client, id);
        }
    }
}
