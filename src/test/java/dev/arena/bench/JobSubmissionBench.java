package dev.arena.bench;

import dev.arena.eval.EvalSettings;
import dev.arena.k8s.Cluster;
import dev.arena.k8s.ClusterConfig;
import dev.arena.k8s.JobManifest;
import dev.arena.k8s.Templates;
import dev.arena.run.RunPlan;
import dev.arena.run.WorkItem;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.util.ClientBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starting a run of N tasks: one Indexed Job (arena) against one Job per task (the original
 * setup), against the mock API server. Counts the API requests and the wall time until the
 * last create returned; builds every manifest the same way so only the submission differs.
 * Usage: JobSubmissionBench [SIZES], e.g. 1000,10000.
 */
public final class JobSubmissionBench {
    private static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");

    public static void main(String[] args) throws Exception {
        QUIET.setLevel(Level.WARNING);
        String sizes = args.length > 0 ? args[0] : "1000,10000";
        System.out.println("| tasks | one Indexed Job: requests, time | one Job per task: requests, time | requests ratio | time ratio |");
        System.out.println("|---|---|---|---|---|");
        for (String s : sizes.split(",")) {
            int n = Integer.parseInt(s.strip());
            long[] indexed = measure(n, true);
            long[] perTask = measure(n, false);
            System.out.printf("| %,d | %d, %d ms | %,d, %,d ms | %.0f | %.0f |%n", n, indexed[0], indexed[1], perTask[0], perTask[1],
                    (double) perTask[0] / indexed[0], (double) perTask[1] / Math.max(1, indexed[1]));
        }
    }

    /** Returns {requests, milliseconds} for submitting n tasks one way or the other, on a fresh server. */
    private static long[] measure(int n, boolean indexed) throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        try {
            Cluster cluster = new Cluster(new ClientBuilder().setBasePath("http://" + server.getHostName() + ":" + server.getPort()).build(), "bench");
            Templates templates = Templates.standard();
            ClusterConfig config = ClusterConfig.defaults("arena:bench", "bucket");
            cluster.batch().listNamespacedJob("bench").execute(); // warm the client's connection pool and classes
            int before = server.getRequestCount();
            long start = System.nanoTime();
            if (indexed) {
                V1Job job = JobManifest.forRun(templates, plan("run", n), config, 20, "bucket");
                cluster.batch().createNamespacedJob("bench", job).execute();
            } else {
                for (int i = 0; i < n; i++) {
                    V1Job job = JobManifest.forRun(templates, plan("run-" + i, 1), config, 1, "bucket");
                    cluster.batch().createNamespacedJob("bench", job).execute();
                }
            }
            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
            return new long[] {server.getRequestCount() - before, ms};
        } finally {
            server.destroy();
        }
    }

    private static RunPlan plan(String runId, int n) {
        List<WorkItem> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(new WorkItem("dataset-" + (i % 10), "task-" + i, 1));
        }
        EvalSettings settings = EvalSettings.builder().agent("oracle").build();
        return new RunPlan(RunPlan.SCHEMA, runId, Instant.now(), "bench", 1, settings, List.of(), items);
    }
}
