package dev.arena.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import com.google.container.v1.Operation;
import com.google.container.v1.SetNodePoolAutoscalingRequest;
import com.google.container.v1.SetNodePoolSizeRequest;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Sleeper;
import dev.arena.k8s.ScaleChange;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * {@code arena scale --min-nodes/--max-nodes/--nodes}: the eval pool's autoscaling range, in
 * totals across the region's zones as setup makes it, and its size now. Everything is read and
 * checked before the first change; each GKE operation is waited for, as GKE takes one at a time.
 */
public final class PoolScaler {
    /** What to set; null leaves it as it is. */
    public record Target(Integer minNodes, Integer maxNodes, Integer nodes) {
        public Target {
            if (minNodes != null && minNodes < 0) {
                throw ArenaException.usage("--min-nodes cannot be negative (got " + minNodes + ")");
            }
            if (nodes != null && nodes < 0) {
                throw ArenaException.usage("--nodes cannot be negative (got " + nodes + ")");
            }
            if (maxNodes != null && maxNodes < 1) {
                throw ArenaException.usage("--max-nodes must be at least 1 (got " + maxNodes + ")");
            }
            if (minNodes != null && maxNodes != null && minNodes > maxNodes) {
                throw ArenaException.usage("--min-nodes " + minNodes + " is more than --max-nodes " + maxNodes);
            }
        }

        public boolean any() {
            return minNodes != null || maxNodes != null || nodes != null;
        }
    }

    /** An autoscaling range in total nodes. */
    private record Range(int min, int max) {
        @Override
        public String toString() {
            return min + ".." + max + " nodes";
        }
    }

    private final GcpClients clients;
    private final OperationWaiter waiter;

    public PoolScaler(GcpClients clients, Sleeper sleeper, Clock clock, Consumer<String> log) {
        this.clients = clients;
        this.waiter = new OperationWaiter(sleeper, clock, log, Duration.ofSeconds(5));
    }

    /**
     * @param currentNodes how many nodes the pool has now; asked only when {@code target} sets a size
     *                     (GKE's API keeps only the size last asked for, per zone)
     */
    public List<ScaleChange> scale(SetupConfig c, Target target, IntSupplier currentNodes, boolean dryRun) throws InterruptedException {
        String name = c.evalPool().name();
        String poolPath = c.clusterPath() + "/nodePools/" + name;
        try {
            NodePool pool = pool(c, name);
            NodePoolAutoscaling have = pool.getAutoscaling();
            int zones = Math.max(1, pool.getLocationsCount());
            Range before = have.getEnabled() ? totals(have, zones) : null;
            Range after = wanted(target, before, name);
            List<ScaleChange> changes = new ArrayList<>();
            ScaleChange range = null;
            if (target.minNodes() != null || target.maxNodes() != null) {
                range = new ScaleChange("node pool " + name + " autoscaling", before == null ? "off" : describe(have), after.toString());
                changes.add(range);
            }
            ScaleChange size = target.nodes() == null ? null : size(name, target.nodes(), zones, after, currentNodes.getAsInt());
            if (size != null) {
                changes.add(size);
            }
            if (dryRun) {
                return changes;
            }
            if (range != null && range.changes()) {
                // totals replace per-zone limits: GKE refuses a request with both
                NodePoolAutoscaling want = have.toBuilder().setEnabled(true).clearMinNodeCount().clearMaxNodeCount()
                        .setTotalMinNodeCount(after.min()).setTotalMaxNodeCount(after.max()).build();
                Operation op = clients.gke().setNodePoolAutoscaling(SetNodePoolAutoscalingRequest.newBuilder().setName(poolPath)
                        .setAutoscaling(want).build());
                waiter.container(clients.gke(), c.locationPath(), op, "set node pool " + name + " to autoscale " + after);
            }
            if (size != null && size.changes()) {
                // GKE sizes every zone of the pool alike
                Operation op = clients.gke().setNodePoolSize(SetNodePoolSizeRequest.newBuilder().setName(poolPath)
                        .setNodeCount(target.nodes() / zones).build());
                waiter.container(clients.gke(), c.locationPath(), op, "resize node pool " + name + " to " + target.nodes() + " nodes");
            }
            return changes;
        } catch (ApiException e) {
            throw GcpErrors.translate(e, "scale node pool " + name, "roles/container.admin", c.project(), clients.member());
        }
    }

    private NodePool pool(SetupConfig c, String name) {
        Cluster cluster = GcpErrors.found(() -> clients.gke().getCluster(c.clusterPath())).orElseThrow(() -> new ArenaException(
                ExitCode.ENVIRONMENT, "no cluster " + c.cluster() + " in " + c.region() + " of project " + c.project()
                + "; run `arena setup` first, or pass --cluster and --region"));
        return cluster.getNodePoolsList().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow(() -> new ArenaException(
                ExitCode.ENVIRONMENT, "cluster " + c.cluster() + " has no node pool " + name + "; `arena setup` adds it"));
    }

    /** The range after the change: each flag given, the pool's own value for the other. */
    private static Range wanted(Target t, Range before, String name) {
        if (t.minNodes() == null && t.maxNodes() == null) {
            return before;
        }
        if (t.maxNodes() == null && before == null) {
            throw ArenaException.usage("node pool " + name + " does not autoscale; pass --max-nodes too");
        }
        int min = t.minNodes() != null ? t.minNodes() : before == null ? 0 : before.min();
        int max = t.maxNodes() != null ? t.maxNodes() : before.max();
        if (min > max) {
            throw ArenaException.usage(t.minNodes() != null
                    ? "--min-nodes " + min + " is more than the pool's maximum of " + max + " nodes; pass --max-nodes too"
                    : "--max-nodes " + max + " is less than the pool's minimum of " + min + " nodes; pass --min-nodes too");
        }
        return new Range(min, max);
    }

    private static ScaleChange size(String name, int nodes, int zones, Range range, int now) {
        if (nodes % zones != 0) {
            throw ArenaException.usage("--nodes " + nodes + " cannot be spread evenly over the pool's " + zones
                    + " zones (GKE sizes each zone alike); pass a multiple of " + zones);
        }
        if (range != null && (nodes < range.min() || nodes > range.max())) {
            throw ArenaException.usage("--nodes " + nodes + " is outside the pool's autoscaling range " + range
                    + ", which the autoscaler would restore; pass --min-nodes or --max-nodes too");
        }
        List<String> notes = new ArrayList<>();
        if (zones > 1) {
            notes.add(nodes / zones + " per zone in " + zones + " zones");
        }
        if (range != null && nodes > range.min()) {
            notes.add("the autoscaler removes idle nodes again, down to " + range.min());
        }
        return new ScaleChange("node pool " + name + " size", now + " nodes", nodes + " nodes", String.join("; ", notes));
    }

    /** An enabled autoscaling's range in total nodes; a pool made with per-zone limits has them times its zones. */
    private static Range totals(NodePoolAutoscaling a, int zones) {
        boolean perZone = a.getTotalMaxNodeCount() == 0 && a.getMaxNodeCount() > 0;
        return perZone ? new Range(a.getMinNodeCount() * zones, a.getMaxNodeCount() * zones)
                : new Range(a.getTotalMinNodeCount(), a.getTotalMaxNodeCount());
    }

    private static String describe(NodePoolAutoscaling a) {
        boolean perZone = a.getTotalMaxNodeCount() == 0 && a.getMaxNodeCount() > 0;
        return perZone ? a.getMinNodeCount() + ".." + a.getMaxNodeCount() + " nodes per zone"
                : a.getTotalMinNodeCount() + ".." + a.getTotalMaxNodeCount() + " nodes";
    }
}
