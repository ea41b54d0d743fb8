package dev.arena.k8s;

import io.kubernetes.client.openapi.ApiException;

/** The nodes of one GKE node pool as Kubernetes sees them: GKE labels every node with its pool's name. */
public final class PoolNodes {
    static final String POOL_LABEL = "cloud.google.com/gke-nodepool";

    private final Cluster cluster;

    public PoolNodes(Cluster cluster) {
        this.cluster = cluster;
    }

    /** How many nodes the pool has now, ready or not (GKE's API reports only what was asked for). */
    public int count(String pool) {
        try {
            return cluster.core().listNode().labelSelector(POOL_LABEL + "=" + pool).execute().getItems().size();
        } catch (ApiException e) {
            throw cluster.failure("list the nodes of pool " + pool, e);
        }
    }
}
