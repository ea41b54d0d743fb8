package dev.arena.gcp;

import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.k8s.ScaleChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `arena scale` on the eval pool, against the GKE fake, after a setup made the cluster (eval pool 0..12 nodes). */
class PoolScalerTest {
    private static final String CLUSTER = "projects/proj-1/locations/us-central1/clusters/ide-arena-cluster";
    private static final String POOL = CLUSTER + "/nodePools/eval";

    @TempDir
    Path dir;
    SetupFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new SetupFixture(dir);
        f.run(SetupFixture.config(false), false);
        f.clearMutations();
        f.sleeps.clear();
        f.log.clear();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private List<ScaleChange> scale(Integer min, Integer max, Integer nodes, boolean dryRun) throws InterruptedException {
        return new PoolScaler(f.clients, f.sleeper, f.clock, f.log::add)
                .scale(SetupFixture.config(false), new PoolScaler.Target(min, max, nodes), () -> 3, dryRun);
    }

    private NodePoolAutoscaling autoscaling() {
        return f.gcp.clusters.get(CLUSTER).getNodePoolsList().stream().filter(p -> p.getName().equals("eval")).findFirst()
                .orElseThrow().getAutoscaling();
    }

    private void editPool(UnaryOperator<NodePool> edit) {
        f.gcp.clusters.computeIfPresent(CLUSTER, (k, c) -> {
            var b = c.toBuilder();
            for (int i = 0; i < b.getNodePoolsCount(); i++) {
                if (b.getNodePools(i).getName().equals("eval")) {
                    b.setNodePools(i, edit.apply(b.getNodePools(i)));
                }
            }
            return b.build();
        });
    }

    @Test
    void maxNodesAloneRaisesTheRangeAndKeepsTheMinimum() throws Exception {
        List<ScaleChange> changes = scale(null, 50, null, false);

        assertEquals(List.of("changed       node pool eval autoscaling: 0..12 nodes -> 0..50 nodes"),
                changes.stream().map(c -> c.line(false)).toList());
        assertEquals(List.of("gke.setNodePoolAutoscaling " + POOL + " 0..50"), f.mutations());
        NodePoolAutoscaling now = autoscaling();
        assertEquals(50, now.getTotalMaxNodeCount());
        assertEquals(0, now.getTotalMinNodeCount());
        assertTrue(now.getEnabled());
        assertEquals(NodePoolAutoscaling.LocationPolicy.ANY, now.getLocationPolicy(), "the rest of the autoscaling is kept");
        assertEquals(FakeGcp.POLLS_UNTIL_DONE, f.sleeps.size(), "the operation was waited for: " + f.sleeps);
        assertTrue(f.log.stream().anyMatch(l -> l.startsWith("set node pool eval to autoscale 0..50 nodes: done in")), f.log.toString());
    }

    @Test
    void aDryRunSaysBeforeAndAfterOfEachAndChangesNothing() throws Exception {
        editPool(p -> p.toBuilder().addAllLocations(List.of("us-central1-a", "us-central1-b", "us-central1-c")).build());
        var before = f.gcp.clusters.get(CLUSTER);

        List<ScaleChange> changes = scale(3, 30, 6, true);

        assertEquals(List.of("would change  node pool eval autoscaling: 0..12 nodes -> 3..30 nodes",
                "would change  node pool eval size: 3 nodes -> 6 nodes (2 per zone in 3 zones; the autoscaler removes idle nodes again, down to 3)"),
                changes.stream().map(c -> c.line(true)).toList());
        assertEquals(List.of(), f.mutations());
        assertEquals(before, f.gcp.clusters.get(CLUSTER));
    }

    @Test
    void theSizeIsSentPerZoneAfterTheRange() throws Exception {
        editPool(p -> p.toBuilder().addAllLocations(List.of("us-central1-a", "us-central1-b", "us-central1-c")).build());

        scale(null, 30, 18, false);

        assertEquals(List.of("gke.setNodePoolAutoscaling " + POOL + " 0..30", "gke.setNodePoolSize " + POOL + " 6"), f.mutations());
        assertEquals(6, f.gcp.poolSizes.get(POOL));
    }

    @Test
    void aPoolWithPerZoneLimitsGetsTotalsInstead() throws Exception {
        editPool(p -> p.toBuilder().addAllLocations(List.of("us-central1-a", "us-central1-b"))
                .setAutoscaling(NodePoolAutoscaling.newBuilder().setEnabled(true).setMinNodeCount(1).setMaxNodeCount(4)).build());

        List<ScaleChange> changes = scale(null, 20, null, false);

        assertEquals("node pool eval autoscaling: 1..4 nodes per zone -> 2..20 nodes", changes.get(0).line(false).substring(14));
        NodePoolAutoscaling now = autoscaling();
        assertEquals(List.of(2, 20, 0, 0), List.of(now.getTotalMinNodeCount(), now.getTotalMaxNodeCount(), now.getMinNodeCount(), now.getMaxNodeCount()));
    }

    @Test
    void theSameValuesChangeNothing() throws Exception {
        List<ScaleChange> changes = scale(0, 12, 3, false);

        assertTrue(changes.stream().noneMatch(ScaleChange::changes), changes.toString());
        assertEquals("unchanged     node pool eval autoscaling: 0..12 nodes", changes.get(0).line(false));
        assertEquals(List.of(), f.mutations());
    }

    @Test
    void impossibleCountsAreBadInputBeforeAnyChange() {
        editPool(p -> p.toBuilder().addAllLocations(List.of("us-central1-a", "us-central1-b", "us-central1-c")).build());

        assertUsage("--min-nodes 20 is more than the pool's maximum of 12 nodes; pass --max-nodes too", () -> scale(20, null, null, false));
        assertUsage("--nodes 5 cannot be spread evenly over the pool's 3 zones (GKE sizes each zone alike); pass a multiple of 3",
                () -> scale(null, 30, 5, false));
        assertUsage("--nodes 15 is outside the pool's autoscaling range 0..12 nodes, which the autoscaler would restore;"
                + " pass --min-nodes or --max-nodes too", () -> scale(null, null, 15, false));
        assertUsage("--min-nodes 5 is more than --max-nodes 2", () -> scale(5, 2, null, false));
        assertUsage("--nodes cannot be negative (got -1)", () -> scale(null, null, -1, false));
        assertEquals(List.of(), f.mutations(), "nothing changed, not even the range asked for with a bad size");
    }

    @Test
    void aMissingClusterIsAnEnvironmentProblem() {
        f.gcp.clusters.clear();

        ArenaException e = assertThrows(ArenaException.class, () -> scale(null, 5, null, false));

        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertEquals("no cluster ide-arena-cluster in us-central1 of project proj-1; run `arena setup` first, or pass --cluster and --region",
                e.getMessage());
    }

    @Test
    void refusedCallsNameTheRole() {
        f.gcp.denyGke = true;

        ArenaException e = assertThrows(ArenaException.class, () -> scale(null, 5, null, false));

        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot scale node pool eval: permission denied, roles/container.admin is missing"), e.getMessage());
    }

    private static void assertUsage(String message, org.junit.jupiter.api.function.Executable call) {
        ArenaException e = assertThrows(ArenaException.class, call);
        assertEquals(ExitCode.USAGE, e.exitCode(), e.getMessage());
        assertEquals(message, e.getMessage());
    }
}
