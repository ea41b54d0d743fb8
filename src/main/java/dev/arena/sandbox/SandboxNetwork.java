package dev.arena.sandbox;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A network of its own for sandboxes (mode {@code internal}): its containers reach the host at
 * {@link #gateway()} on the ports {@link #allowTcp(int) allowed} and nothing else: no internet, no
 * other network, no other address of the host (where the host's firewall can be set, see
 * {@link #warning()}). Sandboxes join it by giving {@link #name()} as their spec's network.
 */
public interface SandboxNetwork extends AutoCloseable {
    /** The network mode that puts an attempt's agent sandbox on a network of its own. */
    String INTERNAL_MODE = "internal";

    /** What a {@link SandboxSpec} names as its network to join this one. */
    String name();

    /** The host's address on this network: where a server for its sandboxes listens (the model gateway). */
    InetAddress gateway();

    /** Lets the network's sandboxes open TCP connections to {@link #gateway()}:{@code port}. */
    void allowTcp(int port);

    /**
     * One line when the host's other addresses stay reachable from this network (arena is not root,
     * or the network's bridge is not in arena's network namespace); empty when they are blocked.
     */
    Optional<String> warning();

    /** Removes the network and its firewall rules; its sandboxes must be closed first. Safe to call twice. */
    @Override
    void close();
}
