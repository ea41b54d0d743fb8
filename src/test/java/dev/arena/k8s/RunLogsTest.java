package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.Labels;
import dev.arena.eval.EvalSettings;
import dev.arena.result.ResultSummary;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.run.RunEvent;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;
import dev.arena.run.WorkItem;
import dev.arena.store.ArtifactStore;
import dev.arena.store.GcsStore;
import dev.arena.store.RunLayout;
import dev.arena.store.Stores;
import dev.arena.testing.FakeGcsServer;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `arena logs` against the mock API server (pods, their logs as expectations) and a bucket on
 * {@link FakeGcsServer}: a running task's log from its pod, a finished one's from the bucket, the
 * checkpoints of a pod that died, and the run's events merged across pods by time.
 */
class RunLogsTest {
    private static final String RUN = "r1";
    private static final Instant T0 = Instant.parse("2025-05-05T12:00:00Z");

    private MockCluster mock;
    private Cluster cluster;
    private FakeGcsServer gcs;
    private ArtifactStore runs;
    private RunPlan plan;
    private final List<String> lines = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        mock = new MockCluster();
        cluster = mock.cluster(ClusterFixture.NS);
        gcs = FakeGcsServer.start();
        runs = new GcsStore(gcs.storage(), ClusterFixture.BUCKET, Stores.RUNS_PREFIX);
        List<WorkItem> items = List.of(new WorkItem("calc", "t1", 1), new WorkItem("calc", "t2", 1), new WorkItem("calc", "t3", 1));
        plan = new RunPlan(RunPlan.SCHEMA, RUN, T0, "test", 1, EvalSettings.builder().agent("oracle").build(), List.of(new RunPlan.DatasetRef("calc", "/d/calc", "hash", 3)), items);
        new RunRepository(runs).savePlan(plan);
    }

    @AfterEach
    void tearDown() {
        mock.close();
        gcs.close();
    }

    private RunLogs logs() {
        return new RunLogs(cluster, runs);
    }

    @Test
    void aRunningTasksLogComesFromItsPodAndFollowStreamsItToTheEnd() throws Exception {
        String log = event(T0, RunEvent.STARTED, 0, null) + "\n[calc/t1#1] [   0.000s] evaluating calc/t1\n[calc/t1#1] [   1.000s] image x (built)\n";
        pod("arena-r1-0-aaaaa", 0, "Running", log);

        logs().task(RUN, "calc/t1", 1, false, lines::add, notes::add);
        assertEquals(log.lines().toList(), lines);
        assertEquals(List.of("calc/t1: from pod arena-r1-0-aaaaa (running)"), notes);

        lines.clear();
        mock.expectGet(logPath("arena-r1-0-aaaaa") + "&follow=true", log + "[calc/t1#1] [   2.000s] the end\n");
        logs().task(RUN, "calc/t1", 1, true, lines::add, notes::add);
        assertEquals("[calc/t1#1] [   2.000s] the end", lines.get(lines.size() - 1), lines.toString());
        assertEquals(4, lines.size(), lines.toString());
    }

    @Test
    void aFinishedTasksLogComesFromTheBucketNotFromItsPod() throws Exception {
        pod("arena-r1-1-bbbbb", 1, "Succeeded", "[calc/t2#1] what the pod printed\n");
        runs.put(plan.layout().attemptDir("calc", "t2", 1) + RunLayout.TASK_LOG, "[   0.000s] stored line\n".getBytes(StandardCharsets.UTF_8));

        logs().task(RUN, "calc/t2", 1, false, lines::add, notes::add);

        assertEquals(List.of("[   0.000s] stored line"), lines);
        assertEquals(List.of("calc/t2: from gs://" + ClusterFixture.BUCKET + "/runs/r1/calc/t2/logs/task.log"), notes);
    }

    @Test
    void aTaskWhosePodDiedBeforeStoringItsLogShowsTheLastPodsCheckpoints() throws Exception {
        String live = plan.layout().liveLogDir("calc", "t3", 1);
        runs.put(live + "1700000000000-arena-r1-2-old/0001.log", "[   0.000s] first pod\n".getBytes(StandardCharsets.UTF_8));
        runs.put(live + "1700000099000-arena-r1-2-new/0001.log", "[   0.000s] second pod\n".getBytes(StandardCharsets.UTF_8));
        runs.put(live + "1700000099000-arena-r1-2-new/0002.log", "[  70.000s] agent working\n".getBytes(StandardCharsets.UTF_8));

        new RunLogs(null, runs).task(RUN, "calc/t3", 1, false, lines::add, notes::add);

        assertEquals(List.of("[   0.000s] second pod", "[  70.000s] agent working"), lines);
        assertTrue(notes.get(0).endsWith("(checkpoints: its pod ended without storing logs/task.log)"), notes.toString());
    }

    @Test
    void theRunsEventsAreMergedAcrossPodsByTime() throws Exception {
        pod("arena-r1-0-aaaaa", 0, "Running", event(T0, RunEvent.STARTED, 0, null) + "\n[calc/t1#1] not an event\n"
                + event(T0.plusSeconds(2), RunEvent.PHASE, 0, "image") + "\n");
        pod("arena-r1-1-bbbbb", 1, "Succeeded", event(T0.plusSeconds(1), RunEvent.STARTED, 1, null) + "\n"
                + event(T0.plusSeconds(3), RunEvent.VERDICT, 1, null) + "\n{\"verdict\": \"passed\"}\n");
        pod("arena-r1-2-ccccc", 2, "Pending", null);

        List<RunEvent> events = logs().events(RUN, notes::add);

        assertEquals(List.of("2025-05-05T12:00:00Z  calc/t1  started", "2025-05-05T12:00:01Z  calc/t2  started",
                "2025-05-05T12:00:02Z  calc/t1  phase image", "2025-05-05T12:00:03Z  calc/t2  passed"),
                events.stream().map(RunEvent::describe).toList());
        assertEquals(List.of("events from the logs of 2 pod(s) of run r1 (pods already deleted are not included)"), notes);
    }

    @Test
    void withoutPodsTheEventsAreRebuiltFromTheStoredResults() throws Exception {
        TaskResult r = new TaskResult(TaskResult.SCHEMA, RUN, "calc", "t2", 1, "oracle", null, Verdict.FAILED, null, null, null,
                false, 1, 0, 1, 0, 1, "pytest", List.of(), T0, T0.plusSeconds(5), 5.0, Map.of(), 35, 1, 1, 0, 0, null, "img", "test");
        runs.putIfAbsent(plan.resultKey(plan.items().get(1)), Json.mapper().writeValueAsBytes(r), ResultSummary.of(r).toMetadata());

        List<RunEvent> events = logs().events(RUN, notes::add);

        assertEquals(List.of("2025-05-05T12:00:00Z  calc/t2  started", "2025-05-05T12:00:05Z  calc/t2  failed"),
                events.stream().map(RunEvent::describe).toList());
        assertTrue(notes.get(0).startsWith("no pod of run r1 is left in the cluster; events rebuilt from the stored results"), notes.toString());
    }

    @Test
    void anUnknownRunTaskOrAttemptIsBadInputInOneLine() {
        for (String[] bad : List.of(new String[] {"nope", "calc/t1", "1"}, new String[] {RUN, "calc/t9", "1"},
                new String[] {RUN, "calc/t1", "2"}, new String[] {RUN, "t1", "1"})) {
            ArenaException e = assertThrows(ArenaException.class,
                    () -> logs().task(bad[0], bad[1], Integer.parseInt(bad[2]), false, lines::add, notes::add));
            assertEquals(ExitCode.USAGE, e.exitCode(), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
        assertEquals(ExitCode.USAGE, assertThrows(ArenaException.class, () -> logs().events("nope", notes::add)).exitCode());
    }

    @Test
    void aTaskNotStartedYetSaysSo() throws Exception {
        pod("arena-r1-2-ccccc", 2, "Pending", null);
        ArenaException e = assertThrows(ArenaException.class, () -> logs().task(RUN, "calc/t3", 1, false, lines::add, notes::add));
        assertEquals(ExitCode.PROBLEMS, e.exitCode());
        assertEquals("no log of calc/t3 yet: its pod arena-r1-2-ccccc is pending (see `arena status r1`)", e.getMessage());
    }

    private static String event(Instant time, String kind, int index, String phase) {
        return new RunEvent(time, kind, RUN, index, "calc", "t" + (index + 1), 1, phase,
                RunEvent.VERDICT.equals(kind) ? "passed" : null, null).line();
    }

    private static String logPath(String pod) {
        return "/api/v1/namespaces/" + ClusterFixture.NS + "/pods/" + pod + "/log?container=evaluator";
    }

    @Test
    void aResumedTasksLogComesFromTheResumeJobsPodThatMapsItsCompletionIndexToTheTask() throws Exception {
        pod("arena-r1-0-aaaaa", 0, "Failed", "[calc/t1#1] first Job, index 0\n", null);
        // the resume Job's completion index 0 evaluates plan item 2 (calc/t3), as its pod's ARENA_ITEMS says
        pod("arena-r1-resume-0-ddddd", 0, "Running", "[calc/t3#1] resume Job, index 0\n", "2");

        logs().task(RUN, "calc/t3", 1, false, lines::add, notes::add);
        assertEquals(List.of("[calc/t3#1] resume Job, index 0"), lines);

        lines.clear();
        notes.clear();
        logs().task(RUN, "calc/t1", 1, false, lines::add, notes::add);
        assertEquals(List.of("[calc/t1#1] first Job, index 0"), lines, notes.toString());
    }

    /** A pod of the run's Job for {@code index}, in {@code phase}, whose evaluator printed {@code log} (null: no log yet). */
    private void pod(String name, int index, String phase, String log) throws Exception {
        pod(name, index, phase, log, null);
    }

    /** ... of a resume Job when {@code items} (its {@code ARENA_ITEMS}) is not null. */
    private void pod(String name, int index, String phase, String log, String items) throws Exception {
        V1Pod pod = new V1Pod().apiVersion("v1").kind("Pod").metadata(new V1ObjectMeta().name(name)
                .labels(KubeNames.labelValues(Labels.forRun(RUN, "oracle", null)))
                .putAnnotationsItem(StuckPod.INDEX_ANNOTATION, String.valueOf(index)));
        if (items != null) {
            pod.spec(new io.kubernetes.client.openapi.models.V1PodSpec().addContainersItem(new io.kubernetes.client.openapi.models.V1Container()
                    .name(JobManifest.EVALUATOR).image("evaluator").addEnvItem(new io.kubernetes.client.openapi.models.V1EnvVar()
                            .name(dev.arena.run.JobItems.ENV).value(items))));
        }
        cluster.core().createNamespacedPod(ClusterFixture.NS, pod).execute();
        V1Pod stored = cluster.core().readNamespacedPod(name, ClusterFixture.NS).execute();
        stored.setStatus(new V1PodStatus().phase(phase));
        cluster.core().replaceNamespacedPodStatus(name, ClusterFixture.NS, stored).execute();
        if (log != null) {
            mock.expectGet(logPath(name), log);
        }
    }
}
