package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.eval.EvalSettings;
import dev.arena.images.RegistryClient;
import dev.arena.result.ErrorKind;
import dev.arena.result.ResultSummary;
import dev.arena.result.Verdict;
import dev.arena.run.JobItems;
import dev.arena.run.PodEvaluation;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;
import dev.arena.run.RunRequest;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run's cap ({@code --max-cost}) in cluster mode: {@code arena run} stores it in run.json
 * beside the Job it submits, and a resume stores a new one before its Job; the pods of those
 * Jobs, played by {@link PodEvaluation} on the same bucket, hold the run to it. The mock API
 * server with what deploy leaves (the OpenAI key in the Secret), the bucket on
 * {@link FakeGcsServer} behind the real storage client, a gladiator run of gpt-4o over three tasks.
 */
class ClusterRunBudgetTest {
    private static final String RUN = "capped";
    private static final Instant NOW = Instant.parse("2025-01-03T10:15:00Z");
    private static final String RESUME_JOB = "arena-capped-resume-20250103-101500";

    @TempDir
    Path root;

    private MockCluster mock;
    private Cluster cluster;
    private FakeGcsServer gcs;
    private BiFunction<String, String, ArtifactStore> stores;
    private ClusterRunService service;
    private RunRepository runs;
    private final AtomicInteger sandboxesOpened = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        mock = new MockCluster();
        cluster = mock.cluster(ClusterFixture.NS);
        ClusterFixture.deploy(cluster, Map.of("OPENAI_API_KEY", "sk-test"));
        gcs = FakeGcsServer.start();
        stores = (b, p) -> new GcsStore(gcs.storage(), b, p);
        ClusterFixture.dataset(root.resolve("datasets"), "calc", "t1", "t2", "t3");
        gcs.seed(ClusterFixture.BUCKET, "datasets/calc.tar.gz", new byte[] {1}, Map.of());
        service = new ClusterRunService(cluster, Templates.standard(), stores, new RegistryClient(host -> null),
                Clock.fixed(NOW, ZoneOffset.UTC));
        runs = new RunRepository(stores.apply(ClusterFixture.BUCKET, Stores.RUNS_PREFIX));
    }

    @AfterEach
    void tearDown() {
        mock.close();
        gcs.close();
    }

    private RunRequest request(String agent, String model, Double cap) {
        return new RunRequest(root.resolve("datasets"), List.of("calc"), List.of(), 1, RUN, EvalSettings.builder().agent(agent)
                .model(model).taskTimeout(Duration.ofMinutes(20)).build(), cap);
    }

    /** A finished pod's result as the run's spend reads it: its summary, the cost included, as metadata. */
    private void stored(RunPlan plan, int index, Verdict verdict, double costUsd) {
        WorkItem item = plan.items().get(index);
        assertTrue(runs.store().putIfAbsent(plan.resultKey(item), "{}".getBytes(StandardCharsets.UTF_8),
                new ResultSummary(verdict, verdict == Verdict.ERROR ? ErrorKind.INFRA : null, 1000, 50, costUsd).toMetadata()));
    }

    /** The pod of {@code job} with completion index {@code completion}, its sandboxes counted (none should open). */
    private PodEvaluation.Outcome pod(V1Job job, int completion) throws Exception {
        String items = env(job.getSpec().getTemplate().getSpec().getContainers().get(0), JobItems.ENV);
        return new PodEvaluation(runs.store(), stores.apply(ClusterFixture.BUCKET, Stores.DATASETS_PREFIX), root.resolve("pod-" + completion),
                () -> {
                    sandboxesOpened.incrementAndGet();
                    throw new IllegalStateException("a pod of a spent run opens no sandbox");
                }, host -> null, new PodEvaluation.Policy(Set.of(), false))
                .evaluate(RUN, new PodEvaluation.JobIndex(completion, items == null ? null : JobItems.parse(items), 0, 2, 0, 0));
    }

    private V1Job job(String name) throws Exception {
        return cluster.batch().readNamespacedJob(name, ClusterFixture.NS).execute();
    }

    private List<String> jobNames() throws Exception {
        return cluster.batch().listNamespacedJob(ClusterFixture.NS).execute().getItems().stream()
                .map(j -> j.getMetadata().getName()).sorted().toList();
    }

    private double storedCap() throws Exception {
        return Json.mapper().readTree(runs.store().get(RUN + "/run.json").orElseThrow()).path("max_cost_usd").asDouble();
    }

    private void firstJobEnded() throws Exception {
        V1Job j = job(KubeNames.jobName(RUN));
        j.setStatus(new V1JobStatus().succeeded(3).completedIndexes("0-2")
                .addConditionsItem(new V1JobCondition().type("Complete").status("True")));
        cluster.batch().replaceNamespacedJobStatus(j.getMetadata().getName(), ClusterFixture.NS, j).execute();
    }

    private static String env(V1Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(V1EnvVar::getValue).findFirst().orElse(null);
    }

    @Test
    void theCapGoesIntoRunJsonAndThePodsOfTheJobStopOnceTheStoredResultsSpentIt() throws Exception {
        ClusterRunService.Submitted s = service.start(request("gladiator", "openai/gpt-4o", 0.05), null, null);

        assertEquals(3, s.items());
        assertEquals(0.05, storedCap(), "max_cost_usd in the bucket's run.json");
        assertEquals(0.05, runs.loadPlan(RUN).maxCostUsd());
        V1Job job = job(s.jobName());
        assertEquals(3, job.getSpec().getCompletions());
        assertEquals(List.of("evaluate", "--run", RUN), job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs(),
                "its pods read that run.json");

        // pods 0 and 2 finished first and their calls cost the cap: pod 1 starts nothing
        RunPlan plan = runs.loadPlan(RUN);
        stored(plan, 0, Verdict.PASSED, 0.03);
        stored(plan, 2, Verdict.FAILED, 0.02);
        PodEvaluation.Outcome outcome = pod(job, 1);

        assertEquals(plan.items().get(1), outcome.item());
        assertTrue(outcome.result().isEmpty());
        assertEquals("the run's budget of $0.05 is spent ($0.05 used); not started, so a resume with a higher --max-cost runs it",
                outcome.notStarted());
        assertEquals(0, sandboxesOpened.get());
        assertFalse(runs.store().exists(plan.resultKey(plan.items().get(1))), "its item waits for a resume");
    }

    @Test
    void aCapForTheOracleIsRefusedBeforeAnythingIsStoredOrSubmitted() throws Exception {
        ArenaException e = assertThrows(ArenaException.class, () -> service.start(request("oracle", null, 5.0), null, null));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("--max-cost is for the agents that call a model (gladiator, claude-code, codex), not oracle", e.getMessage());
        assertFalse(runs.exists(RUN));
        assertEquals(List.of(), jobNames());
    }

    @Test
    void aResumeStoresItsNewCapForItsJobWhosePodsCountWhatRetriedErrorsSpent() throws Exception {
        service.start(request("gladiator", "openai/gpt-4o", 0.5), null, null);
        RunPlan plan = runs.loadPlan(RUN);
        stored(plan, 0, Verdict.PASSED, 0.25);
        stored(plan, 1, Verdict.ERROR, 0.375); // an infra error after its calls: --retry-errors sets it aside
        firstJobEnded();

        ClusterRunService.Resumed r = service.resume(RUN, true, null, null, 1.0);

        assertEquals(1.0, storedCap(), "the new cap is in the bucket's run.json");
        assertEquals(1.0, r.plan().maxCostUsd());
        assertEquals(List.of("arena-" + RUN, RESUME_JOB), jobNames());
        V1Job resume = job(RESUME_JOB);
        assertEquals("1-2", env(resume.getSpec().getTemplate().getSpec().getContainers().get(0), JobItems.ENV));
        WorkItem retried = plan.items().get(1);
        assertEquals(1, runs.store().keys(plan.layout().attemptDir(retried.dataset(), retried.task(), retried.attempt()) + "previous/")
                .size(), "the error set aside");

        // 0.25 stored and 0.375 set aside: 0.625 of 1, so the resume's pods still start ...
        assertEquals(0.625, runs.spentUsd(runs.loadPlan(RUN)));
        // ... until the retried item's new result brings the spend to the cap: the last pod starts nothing
        stored(runs.loadPlan(RUN), 1, Verdict.PASSED, 0.375);
        PodEvaluation.Outcome last = pod(resume, 1);

        assertEquals(plan.items().get(2), last.item());
        assertEquals("the run's budget of $1 is spent ($1 used); not started, so a resume with a higher --max-cost runs it",
                last.notStarted());
        assertEquals(0, sandboxesOpened.get());
    }

    @Test
    void aResumeWithACapTheRunCannotHaveChangesNothing() throws Exception {
        service.start(request("oracle", null, null), null, null);
        byte[] planBytes = runs.store().get(RUN + "/run.json").orElseThrow();
        firstJobEnded();

        ArenaException e = assertThrows(ArenaException.class, () -> service.resume(RUN, false, null, null, 1.0));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("--max-cost is for the agents that call a model (gladiator, claude-code, codex), not oracle", e.getMessage());
        assertArrayEquals(planBytes, runs.store().get(RUN + "/run.json").orElseThrow(), "run.json as it was");
        assertEquals(List.of("arena-" + RUN), jobNames(), "no resume Job");
    }

    @Test
    void aResumeWithoutACapKeepsTheStoredOne() throws Exception {
        service.start(request("gladiator", "openai/gpt-4o", 0.05), null, null);
        firstJobEnded();

        ClusterRunService.Resumed r = service.resume(RUN, false, null, null, null);

        assertEquals(0.05, storedCap());
        assertEquals(0.05, r.plan().maxCostUsd());
        assertEquals(3, r.submitted().items());
    }
}
