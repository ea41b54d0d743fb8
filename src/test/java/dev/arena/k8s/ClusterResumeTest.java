package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.eval.EvalSettings;
import dev.arena.images.RegistryClient;
import dev.arena.result.ErrorKind;
import dev.arena.result.ResultSummary;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.run.Executor;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;
import dev.arena.run.RunRequest;
import dev.arena.run.RunStatus;
import dev.arena.run.WorkItem;
import dev.arena.store.ArtifactStore;
import dev.arena.store.GcsStore;
import dev.arena.store.Stores;
import dev.arena.testing.FakeGcsServer;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobCondition;
import io.kubernetes.client.openapi.models.V1JobStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code arena run --resume} in cluster mode: the mock API server with what deploy leaves, the
 * bucket on {@link FakeGcsServer} behind the real storage client. The run {@code r1} has three
 * tasks with two attempts each (plan indexes 0..5); each test stores the results it needs.
 */
class ClusterResumeTest {
    private static final String RUN = "r1";
    private static final Instant NOW = Instant.parse("2025-01-03T10:15:00Z");
    private static final String RESUME_JOB = "arena-r1-resume-20250103-101500";

    @TempDir
    Path datasets;

    private MockCluster mock;
    private Cluster cluster;
    private FakeGcsServer gcs;
    private BiFunction<String, String, ArtifactStore> stores;
    private ClusterRunService service;
    private RunRepository runs;
    private RunPlan plan;

    @BeforeEach
    void setUp() throws Exception {
        mock = new MockCluster();
        cluster = mock.cluster(ClusterFixture.NS);
        ClusterFixture.deploy(cluster, Map.of());
        gcs = FakeGcsServer.start();
        stores = (b, p) -> new GcsStore(gcs.storage(), b, p);
        ClusterFixture.dataset(datasets, "calc", "t1", "t2", "t3");
        gcs.seed(ClusterFixture.BUCKET, "datasets/calc.tar.gz", new byte[] {1}, Map.of());
        service = new ClusterRunService(cluster, Templates.standard(), stores, new RegistryClient(host -> null),
                Clock.fixed(NOW, ZoneOffset.UTC));
        service.start(new RunRequest(datasets, List.of("calc"), List.of(), 2, RUN, EvalSettings.builder().agent("oracle")
                .taskTimeout(Duration.ofMinutes(20)).build()), null, null);
        runs = new RunRepository(stores.apply(ClusterFixture.BUCKET, Stores.RUNS_PREFIX));
        plan = runs.loadPlan(RUN);
        assertEquals(6, plan.items().size());
    }

    @AfterEach
    void tearDown() {
        mock.close();
        gcs.close();
    }

    /** Stores item {@code index}'s result as a pod does: created once, its summary as metadata. */
    private byte[] storeResult(int index, Verdict verdict) throws Exception {
        WorkItem item = plan.items().get(index);
        Instant start = NOW.minusSeconds(600);
        ErrorKind kind = verdict == Verdict.ERROR ? ErrorKind.INFRA : null;
        TaskResult r = new TaskResult(TaskResult.SCHEMA, RUN, item.dataset(), item.task(), item.attempt(), "oracle", null,
                verdict, kind, kind == null ? null : "daemon gone", kind == null ? null : "sandbox", verdict == Verdict.PASSED,
                verdict == Verdict.ERROR ? null : verdict == Verdict.PASSED ? 0 : 1, verdict == Verdict.PASSED ? 1 : 0,
                verdict == Verdict.FAILED ? 1 : 0, 0, verdict == Verdict.ERROR ? 0 : 1, "pytest", List.of(), start,
                start.plusSeconds(30), 30.0, Map.of("agent", 10.0), 35, 2, 0, 0, 0, null, "arena-task/calc:abc", "test");
        byte[] bytes = Json.mapper().writeValueAsBytes(r);
        assertTrue(runs.store().putIfAbsent(plan.resultKey(item), bytes, ResultSummary.of(r).toMetadata()));
        return bytes;
    }

    private void firstJobEnded() throws Exception {
        V1Job j = cluster.batch().readNamespacedJob(KubeNames.jobName(RUN), ClusterFixture.NS).execute();
        j.setStatus(new V1JobStatus().succeeded(6).completedIndexes("0-5")
                .addConditionsItem(new V1JobCondition().type("Complete").status("True")));
        cluster.batch().replaceNamespacedJobStatus(j.getMetadata().getName(), ClusterFixture.NS, j).execute();
    }

    private List<String> jobNames() throws Exception {
        return cluster.batch().listNamespacedJob(ClusterFixture.NS).execute().getItems().stream()
                .map(j -> j.getMetadata().getName()).sorted().toList();
    }

    private static String env(V1Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(V1EnvVar::getValue).findFirst().orElse(null);
    }

    @Test
    void resumeSubmitsOneJobOverExactlyTheItemsWithoutAResult() throws Exception {
        storeResult(0, Verdict.PASSED);
        storeResult(2, Verdict.FAILED);
        byte[] error = storeResult(3, Verdict.ERROR);
        byte[] planBytes = runs.store().get(RUN + "/run.json").orElseThrow();
        firstJobEnded();
        gcs.clearRequests();

        ClusterRunService.Resumed r = service.resume(RUN, false, null, null);

        assertEquals(new ClusterRunService.Submitted(RUN, RESUME_JOB, ClusterFixture.NS, ClusterFixture.BUCKET, 3, 3, List.of("calc")),
                r.submitted());
        assertEquals(List.of("arena-r1", RESUME_JOB), jobNames(), "the run's Job stays; one more beside it");
        V1Job job = cluster.batch().readNamespacedJob(RESUME_JOB, ClusterFixture.NS).execute();
        assertEquals(3, job.getSpec().getCompletions(), "a pod per missing item");
        assertEquals("Indexed", job.getSpec().getCompletionMode());
        V1Container evaluator = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("1,4-5", env(evaluator, dev.arena.run.JobItems.ENV), "plan indexes of the items without a result");
        assertEquals(List.of("evaluate", "--run", RUN), evaluator.getArgs());
        assertEquals(RUN, job.getMetadata().getLabels().get("arena/run-id"));
        assertEquals(RUN, job.getSpec().getTemplate().getMetadata().getLabels().get("arena/run-id"), "its pods are the run's too");

        assertArrayEquals(planBytes, runs.store().get(RUN + "/run.json").orElseThrow(), "the plan stays as it was");
        assertArrayEquals(error, runs.store().get(plan.resultKey(plan.items().get(3))).orElseThrow(), "an error is a result");
        assertEquals(0, gcs.count(FakeGcsServer.Kind.DELETE) + gcs.count(FakeGcsServer.Kind.INSERT), "nothing written to the bucket");

        // status, --wait and cleanup find both Jobs by the run's labels; the newest is the one followed
        Jobs jobs = new Jobs(cluster);
        assertEquals(List.of("arena-r1", RESUME_JOB), jobs.list(RUN).stream().map(JobState::name).sorted().toList());
        assertEquals(RESUME_JOB, jobs.forRun(RUN).orElseThrow().name());
        assertEquals(List.of("arena-r1", RESUME_JOB), new JobCleaner(jobs).select(JobCleaner.Which.ALL, RUN).stream()
                .map(JobState::name).sorted().toList());
    }

    @Test
    void retryErrorsMovesTheErrorResultsAsideFirstAndIncludesThem() throws Exception {
        byte[] passed = storeResult(0, Verdict.PASSED);
        byte[] failed = storeResult(2, Verdict.FAILED);
        byte[] error = storeResult(3, Verdict.ERROR);
        firstJobEnded();

        ClusterRunService.Resumed r = service.resume(RUN, true, null, null);

        assertEquals(4, r.submitted().items());
        V1Job job = cluster.batch().readNamespacedJob(RESUME_JOB, ClusterFixture.NS).execute();
        assertEquals("1,3-5", env(job.getSpec().getTemplate().getSpec().getContainers().get(0), dev.arena.run.JobItems.ENV));
        WorkItem retried = plan.items().get(3);
        assertFalse(runs.store().exists(plan.resultKey(retried)), "the retry's pod can create result.json");
        String dir = plan.layout().attemptDir(retried.dataset(), retried.task(), retried.attempt());
        List<String> aside = runs.store().keys(dir + "previous/");
        assertEquals(1, aside.size(), aside.toString());
        assertTrue(aside.get(0).matches(java.util.regex.Pattern.quote(dir) + "previous/result-\\d+\\.json"), aside.get(0));
        assertArrayEquals(error, runs.store().get(aside.get(0)).orElseThrow(), "kept as it was, as a local --retry-errors does");
        assertArrayEquals(passed, runs.store().get(plan.resultKey(plan.items().get(0))).orElseThrow());
        assertArrayEquals(failed, runs.store().get(plan.resultKey(plan.items().get(2))).orElseThrow(), "a failure is not retried");
    }

    @Test
    void aRunWhoseJobIsStillActiveIsRefusedWithNothingMovedOrSubmitted() throws Exception {
        byte[] error = storeResult(3, Verdict.ERROR);

        ArenaException e = assertThrows(ArenaException.class, () -> service.resume(RUN, true, null, null));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("run r1 still has an active Job (arena-r1)"), e.getMessage());
        assertEquals(List.of("arena-r1"), jobNames());
        assertArrayEquals(error, runs.store().get(plan.resultKey(plan.items().get(3))).orElseThrow(), "not set aside");
    }

    @Test
    void nothingToResumeSubmitsNoJobAndSaysSoOnce() throws Exception {
        for (int i = 0; i < 6; i++) {
            storeResult(i, i == 5 ? Verdict.ERROR : Verdict.PASSED);
        }
        firstJobEnded();
        List<String> said = new ArrayList<>();
        ClusterExecutor executor = new ClusterExecutor(cluster, service, stores, ClusterFixture.BUCKET, null, null,
                new ClusterExecutor.Listener() {
                    @Override
                    public void nothingToResume(RunStatus status, boolean retryErrors) {
                        said.add(status.runId() + " " + status.errors() + " " + retryErrors);
                    }

                    @Override
                    public void submitted(ClusterRunService.Submitted s) {
                        said.add("submitted " + s.jobName());
                    }
                });

        Executor.Outcome outcome = executor.resume(RUN, false);

        assertEquals(List.of("r1 1 false"), said);
        assertNull(outcome.status());
        assertEquals(0, outcome.evaluated());
        assertEquals(List.of("arena-r1"), jobNames(), "no Job");

        executor.resume(RUN, true);
        assertEquals(List.of("r1 1 false", "submitted " + RESUME_JOB), said, "the error is something to resume with --retry-errors");
    }

    @Test
    void aPlanInTheBucketThatNamesAnotherRunIsRefusedBeforeAnythingMoves() throws Exception {
        byte[] error = storeResult(3, Verdict.ERROR);
        firstJobEnded();
        RunPlan other = new RunPlan(plan.schema(), "other", plan.createdAt(), plan.arenaVersion(), plan.passAtK(), plan.settings(),
                plan.datasets(), plan.items(), plan.prebuiltImages(), plan.regradeOf());
        runs.store().put(RUN + "/run.json", Json.mapper().writeValueAsBytes(other));

        ArenaException e = assertThrows(ArenaException.class, () -> service.resume(RUN, true, null, null));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("invalid run plan: it names run 'other' but was read as run r1", e.getMessage());
        assertEquals(List.of("arena-r1"), jobNames());
        assertArrayEquals(error, runs.store().get(plan.resultKey(plan.items().get(3))).orElseThrow());
    }

    @Test
    void resumingARunThatIsNotInTheBucketIsAUsageError() {
        ArenaException e = assertThrows(ArenaException.class, () -> service.resume("nope", false, null, null));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("no run 'nope' in gs://arena-test/runs/"), e.getMessage());
    }
}
