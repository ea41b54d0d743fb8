package dev.arena.gateway;

import dev.arena.agent.llm.ModelCatalog;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's model gateways, one per listening address: every sandbox on a network reaches
 * arena at that network's gateway address, so all its attempts share one server there (each with
 * its own grant). Started on first use on a free port, and kept for the life of the process.
 */
public final class ModelGateways {
    private static final Map<InetAddress, ModelGateway> BY_ADDRESS = new ConcurrentHashMap<>();

    private ModelGateways() {
    }

    /** The gateway listening on {@code address}, started now if there is none yet. */
    public static ModelGateway at(InetAddress address) {
        return BY_ADDRESS.computeIfAbsent(address, a -> ModelGateway.start(a, 0, ModelCatalog.load()));
    }
}
