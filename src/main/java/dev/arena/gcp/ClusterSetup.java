package dev.arena.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import dev.arena.gcp.SetupStep.Status;
import dev.arena.k8s.EvalPoolPlacement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cluster step of setup: creates the cluster with both pools when it is missing, adds the
 * eval pool to a matching cluster that lacks it, and reports (never changes) a cluster or pool
 * whose configuration differs from {@link ClusterSpec}.
 */
final class ClusterSetup {
    /** The cluster as it is after the step (null when it would be created), and the lines to show. */
    record Outcome(Cluster cluster, List<SetupStep> steps) {
    }

    private final GcpClients clients;
    private final EvalPoolPlacement placement;
    private final OperationWaiter waiter;

    ClusterSetup(GcpClients clients, EvalPoolPlacement placement, OperationWaiter waiter) {
        this.clients = clients;
        this.placement = placement;
        this.waiter = waiter;
    }

    static String what(SetupConfig c) {
        return "cluster " + c.cluster() + " in " + c.region();
    }

    Outcome run(SetupConfig c, boolean dryRun) throws InterruptedException {
        ClusterSpec spec = new ClusterSpec(c, placement);
        String what = what(c);
        String poolWhat = poolWhat(c);
        try {
            Optional<Cluster> have = GcpErrors.found(() -> clients.gke().getCluster(c.clusterPath()));
            if (have.isEmpty()) {
                String detail = "Workload Identity " + c.workloadPool();
                if (dryRun) {
                    return new Outcome(null, List.of(new SetupStep(what, Status.WOULD_CREATE, detail), new SetupStep(poolWhat, Status.WOULD_CREATE)));
                }
                Operation op = clients.gke().createCluster(c.locationPath(), spec.cluster());
                waiter.container(clients.gke(), c.locationPath(), op, "create " + what + " (takes several minutes)");
                return new Outcome(clients.gke().getCluster(c.clusterPath()),
                        List.of(new SetupStep(what, Status.CREATED, detail), new SetupStep(poolWhat, Status.CREATED)));
            }
            Cluster cluster = have.get();
            List<SetupStep> steps = new ArrayList<>();
            List<String> clusterDiffs = spec.clusterDifferences(cluster);
            steps.add(clusterDiffs.isEmpty() ? new SetupStep(what, Status.EXISTS) : new SetupStep(what, Status.DIFFERS, String.join("; ", clusterDiffs)));
            Optional<NodePool> pool = cluster.getNodePoolsList().stream().filter(n -> n.getName().equals(c.evalPool().name())).findFirst();
            if (pool.isPresent()) {
                List<String> poolDiffs = spec.differences(pool.get());
                steps.add(poolDiffs.isEmpty() ? new SetupStep(poolWhat, Status.EXISTS) : new SetupStep(poolWhat, Status.DIFFERS, String.join("; ", poolDiffs)));
            } else if (dryRun) {
                steps.add(new SetupStep(poolWhat, Status.WOULD_CREATE));
            } else {
                Operation op = clients.gke().createNodePool(c.clusterPath(), spec.evalPool());
                waiter.container(clients.gke(), c.locationPath(), op, "create node pool " + c.evalPool().name());
                steps.add(new SetupStep(poolWhat, Status.CREATED));
            }
            return new Outcome(cluster, steps);
        } catch (ApiException e) {
            throw GcpErrors.translate(e, "create " + what, "roles/container.admin", c.project(), clients.member());
        }
    }

    private String poolWhat(SetupConfig c) {
        SetupConfig.EvalPool p = c.evalPool();
        List<String> parts = new ArrayList<>();
        parts.add(p.machineType());
        parts.add(p.minNodes() + ".." + p.maxNodes() + " nodes" + (p.spot() ? ", spot" : ""));
        placement.labels().forEach((k, v) -> parts.add("label " + k + "=" + v));
        placement.taints().forEach(t -> parts.add("taint " + t.key() + "=" + t.value() + ":" + t.effect()));
        return "node pool " + p.name() + " (" + String.join(", ", parts) + ")";
    }
}
