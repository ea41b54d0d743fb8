package dev.arena.gcp;

import com.google.container.v1.Cluster;
import com.google.container.v1.DatapathProvider;
import com.google.container.v1.IPAllocationPolicy;
import com.google.container.v1.NetworkConfig;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodeManagement;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import com.google.container.v1.NodeTaint;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.arena.k8s.EvalPoolPlacement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The GKE cluster setup makes: Workload Identity on, Dataplane V2 (network policy enforcement), a small pool for system pods and the
 * autoscaling eval pool whose labels and taints are the ones the Job template selects and
 * tolerates. Also says how an existing cluster differs from it, so setup can report instead of
 * changing a cluster it may not own.
 */
final class ClusterSpec {
    static final String SYSTEM_POOL = "default-pool";
    static final String SYSTEM_MACHINE_TYPE = "e2-standard-2";
    private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    private final SetupConfig config;
    private final EvalPoolPlacement placement;

    ClusterSpec(SetupConfig config, EvalPoolPlacement placement) {
        this.config = config;
        this.placement = placement;
    }

    Cluster cluster() {
        NodePool system = NodePool.newBuilder().setName(SYSTEM_POOL).setInitialNodeCount(1)
                .setConfig(NodeConfig.newBuilder().setMachineType(SYSTEM_MACHINE_TYPE).setDiskSizeGb(50).addOauthScopes(SCOPE)
                        .setServiceAccount(config.nodeServiceAccountEmail())
                        .setWorkloadMetadataConfig(gkeMetadata()))
                .setManagement(management()).build();
        return Cluster.newBuilder().setName(config.cluster())
                .setDescription("arena: evaluation of AI coding agents")
                .setWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool(config.workloadPool()))
                // GKE Dataplane V2 enforces NetworkPolicy objects (the eval pods' egress rules); it needs a VPC-native cluster
                .setNetworkConfig(NetworkConfig.newBuilder().setDatapathProvider(DatapathProvider.ADVANCED_DATAPATH))
                .setIpAllocationPolicy(IPAllocationPolicy.newBuilder().setUseIpAliases(true))
                .addNodePools(system).addNodePools(evalPool()).build();
    }

    NodePool evalPool() {
        SetupConfig.EvalPool p = config.evalPool();
        NodeConfig.Builder node = NodeConfig.newBuilder().setMachineType(p.machineType()).setDiskSizeGb(p.diskSizeGb())
                .setSpot(p.spot()).addOauthScopes(SCOPE).setWorkloadMetadataConfig(gkeMetadata())
                // not the Compute Engine default account (Editor on the project): only logs, metrics and image pulls
                .setServiceAccount(config.nodeServiceAccountEmail())
                .putAllLabels(placement.labels());
        placement.taints().forEach(t -> node.addTaints(NodeTaint.newBuilder().setKey(t.key()).setValue(t.value()).setEffect(effect(t.effect()))));
        return NodePool.newBuilder().setName(p.name()).setInitialNodeCount(p.minNodes() > 0 ? 1 : 0).setConfig(node)
                // totals across the region's zones: what people mean by "at most N nodes"
                .setAutoscaling(NodePoolAutoscaling.newBuilder().setEnabled(true).setTotalMinNodeCount(p.minNodes())
                        .setTotalMaxNodeCount(p.maxNodes()).setLocationPolicy(NodePoolAutoscaling.LocationPolicy.ANY))
                .setManagement(management()).build();
    }

    /** What keeps an existing cluster (its own settings, not its pools) from serving arena; empty: nothing. */
    List<String> clusterDifferences(Cluster have) {
        List<String> out = new ArrayList<>();
        String pool = have.getWorkloadIdentityConfig().getWorkloadPool();
        if (!config.workloadPool().equals(pool)) {
            out.add(pool.isEmpty() ? "Workload Identity is off (want workload pool " + config.workloadPool() + ")"
                    : "workload pool is " + pool + " (want " + config.workloadPool() + ")");
        }
        if (have.getNetworkConfig().getDatapathProvider() != DatapathProvider.ADVANCED_DATAPATH) {
            // cannot be switched on in place: a cluster is made with it
            out.add("Dataplane V2 is off (datapath " + have.getNetworkConfig().getDatapathProvider()
                    + "): NetworkPolicy objects are not enforced; want ADVANCED_DATAPATH, which only a new cluster can have");
        }
        return out;
    }

    /** How an existing eval pool differs from the one setup would make; empty: not at all. */
    List<String> differences(NodePool have) {
        List<String> out = new ArrayList<>();
        NodePool want = evalPool();
        String name = "node pool " + have.getName() + ": ";
        NodeConfig h = have.getConfig();
        NodeConfig w = want.getConfig();
        if (!w.getMachineType().equals(h.getMachineType())) {
            out.add(name + "machine type " + h.getMachineType() + " (want " + w.getMachineType() + ")");
        }
        if (w.getSpot() != h.getSpot()) {
            out.add(name + (h.getSpot() ? "spot" : "not spot") + " (want " + (w.getSpot() ? "spot" : "not spot") + ")");
        }
        if (!w.getServiceAccount().equals(h.getServiceAccount())) {
            out.add(name + "nodes run as " + (h.getServiceAccount().isEmpty() || h.getServiceAccount().equals("default")
                    ? "the Compute Engine default service account" : h.getServiceAccount()) + " (want " + w.getServiceAccount()
                    + "; a pool's account is fixed when it is made)");
        }
        if (w.getDiskSizeGb() != h.getDiskSizeGb()) {
            out.add(name + "disk " + h.getDiskSizeGb() + " GB (want " + w.getDiskSizeGb() + ")");
        }
        for (Map.Entry<String, String> l : w.getLabelsMap().entrySet()) {
            if (!l.getValue().equals(h.getLabelsMap().get(l.getKey()))) {
                out.add(name + "no label " + l.getKey() + "=" + l.getValue() + " (the Job template selects it)");
            }
        }
        for (NodeTaint t : w.getTaintsList()) {
            if (!h.getTaintsList().contains(t)) {
                out.add(name + "no taint " + t.getKey() + "=" + t.getValue() + ":" + t.getEffect() + " (the Job template tolerates it)");
            }
        }
        NodePoolAutoscaling ha = have.getAutoscaling();
        NodePoolAutoscaling wa = want.getAutoscaling();
        String scale = "--min-nodes " + wa.getTotalMinNodeCount() + " --max-nodes " + wa.getTotalMaxNodeCount();
        if (!ha.getEnabled()) {
            out.add(name + "autoscaling is off (`arena scale " + scale + "` turns it on)");
        } else if (ha.getTotalMinNodeCount() != wa.getTotalMinNodeCount() || ha.getTotalMaxNodeCount() != wa.getTotalMaxNodeCount()) {
            // only the limits asked for that differ, so the hint repeats what the person typed
            String flags = ha.getTotalMinNodeCount() == wa.getTotalMinNodeCount() ? "--max-nodes " + wa.getTotalMaxNodeCount()
                    : ha.getTotalMaxNodeCount() == wa.getTotalMaxNodeCount() ? "--min-nodes " + wa.getTotalMinNodeCount() : scale;
            out.add(name + "autoscales " + ha.getTotalMinNodeCount() + ".." + ha.getTotalMaxNodeCount() + " nodes (want "
                    + wa.getTotalMinNodeCount() + ".." + wa.getTotalMaxNodeCount() + "; `arena scale " + flags + "` changes it)");
        }
        return out;
    }

    private static WorkloadMetadataConfig gkeMetadata() {
        // pods see the GKE metadata server, which hands out the Workload Identity token
        return WorkloadMetadataConfig.newBuilder().setMode(WorkloadMetadataConfig.Mode.GKE_METADATA).build();
    }

    private static NodeManagement management() {
        return NodeManagement.newBuilder().setAutoRepair(true).setAutoUpgrade(true).build();
    }

    static NodeTaint.Effect effect(String kubernetesEffect) {
        return switch (kubernetesEffect) {
            case "NoSchedule" -> NodeTaint.Effect.NO_SCHEDULE;
            case "PreferNoSchedule" -> NodeTaint.Effect.PREFER_NO_SCHEDULE;
            case "NoExecute" -> NodeTaint.Effect.NO_EXECUTE;
            default -> throw dev.arena.ArenaException.usage("the Job template tolerates an unknown taint effect " + kubernetesEffect);
        };
    }
}
