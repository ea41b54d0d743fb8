package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.dataset.DatasetLoader;
import dev.arena.eval.EvalSettings;
import dev.arena.result.ErrorKind;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.store.ArtifactStore;
import dev.arena.store.ForwardingArtifactStore;
import dev.arena.store.LocalStore;
import dev.arena.store.StoredObject;
import dev.arena.testing.FakeSandboxProvider;
import dev.arena.testing.Fixtures;
import dev.arena.transfer.DatasetCatalog;
import dev.arena.transfer.DatasetUploader;
import dev.arena.transfer.TransferListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static dev.arena.testing.FakeSandboxProvider.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pod's writes with the access `arena setup` gives its account in the bucket: objects can be
 * created, never replaced or deleted (as GCS answers 403 without storage.objects.delete).
 */
class PodEvaluationCreateOnlyTest {
    private static final EvalSettings SETTINGS = EvalSettings.builder().agent("oracle")
            .taskTimeout(Duration.ofMinutes(20)).build();
    private static final String DIR = "r/calc/task-1/";

    @TempDir
    Path root;
    CreateOnly runs;
    ArtifactStore datasets;
    final AtomicLong now = new AtomicLong(1000);

    @BeforeEach
    void setUp() throws Exception {
        Path dir = root.resolve("datasets");
        Path calc = Fixtures.dataset(dir, "calc", "COPY . ./\n", "#!/bin/sh\nsh tasks/$1/task_tests.sh\n", Map.of("value.txt", "broken\n"));
        Fixtures.task(calc, "task-1", Fixtures.FIX_VALUE_DIFF, Map.of("task_tests.sh", "grep -q fixed /app/value.txt\n"));
        datasets = new LocalStore(root.resolve("bucket-datasets"));
        new DatasetUploader(new DatasetCatalog(datasets), ValidationService::validate, TransferListener.NONE).upload(DatasetLoader.loadAll(dir));
        runs = new CreateOnly(new LocalStore(root.resolve("bucket-runs")));
        new RunRepository(runs.inner).savePlan(RunPlanner.plan(new RunRequest(dir, List.of(), List.of(), 1, "r", SETTINGS)));
    }

    private PodEvaluation pod(String work, FakeSandboxProvider sandboxes) {
        return new PodEvaluation(runs, datasets, root.resolve(work), () -> sandboxes, host -> null, new PodEvaluation.Policy(java.util.Set.of(), false), now::get);
    }

    private static FakeSandboxProvider passing() {
        return new FakeSandboxProvider().on("git apply .*arena-gold\\.diff", (s, m, t) -> ok(""));
    }

    @Test
    void anInfraErrorToBeRetriedIsStoredAsideWithoutADeleteAndTheRetryStoresItsResult() throws Exception {
        ArenaException e = assertThrows(ArenaException.class, () -> pod("work1", passing().failStart("daemon gone")).evaluate("r", 0, 0, 2));

        assertEquals(ExitCode.ENVIRONMENT, e.exitCode(), "the Job retries the index");
        assertFalse(runs.exists(DIR + "result.json"));
        assertFalse(runs.exists(DIR + "logs/task.log"), "the attempt's keys stay free for the retry");
        TaskResult aside = TaskResult.parse(runs.get(DIR + "previous/result-1000.json").orElseThrow()).orElseThrow();
        assertEquals(ErrorKind.INFRA, aside.errorKind());
        assertTrue(runs.exists(DIR + "previous/1000/logs/task.log"), runs.inner.keys(DIR).toString());

        now.set(2000);
        PodEvaluation.Outcome retry = pod("work2", passing()).evaluate("r", 0, 1, 2);

        assertEquals(Verdict.PASSED, retry.result().orElseThrow().verdict());
        assertEquals(Verdict.PASSED, TaskResult.parse(runs.get(DIR + "result.json").orElseThrow()).orElseThrow().verdict());
        assertTrue(runs.exists(DIR + "patch.diff") && runs.exists(DIR + "logs/task.log"));
        assertEquals(List.of(), runs.refused, "no overwrite and no delete was ever asked for");
    }

    /** An agent whose model kept answering 429 through all of the client's own retries. */
    private static dev.arena.agent.Agent rateLimited() {
        return new dev.arena.agent.Agent() {
            @Override
            public String name() {
                return "oracle";
            }

            @Override
            public dev.arena.result.AgentUsage solve(dev.arena.agent.AgentContext context) throws dev.arena.result.EvaluationException {
                throw new dev.arena.result.EvaluationException(ErrorKind.RATE_LIMITED, "429 Too Many Requests after 8 tries");
            }
        };
    }

    private PodEvaluation pod(String work, dev.arena.agent.Agent agent) {
        return new PodEvaluation(runs, datasets, root.resolve(work), () -> passing(), host -> null,
                new PodEvaluation.Policy(java.util.Set.of(), false), now::get, settings -> agent);
    }

    @Test
    void aRateLimitedAttemptIsSetAsideAndExits75UntilTheJobsRateLimitRetriesAreSpent() throws Exception {
        // no infra retries left, so only the rate-limit rule can make this a retry
        ArenaException e = assertThrows(ArenaException.class, () -> pod("work1", rateLimited())
                .evaluate("r", new PodEvaluation.JobIndex(0, null, 2, 2, 0, 6)));

        assertEquals(ExitCode.RATE_LIMITED, e.exitCode(), "the Job ignores 75 and runs the index again after its backoff");
        assertEquals(75, e.exitCode().code());
        assertTrue(e.getMessage().contains("rate limited"), e.getMessage());
        assertFalse(runs.exists(DIR + "result.json"), "the retry must be able to create it");
        TaskResult aside = TaskResult.parse(runs.get(DIR + "previous/result-1000.json").orElseThrow()).orElseThrow();
        assertEquals(ErrorKind.RATE_LIMITED, aside.errorKind());

        now.set(2000);
        PodEvaluation.Outcome later = pod("work2", dev.arena.eval.Agents.create(SETTINGS))
                .evaluate("r", new PodEvaluation.JobIndex(0, null, 2, 2, 1, 6));
        assertEquals(Verdict.PASSED, later.result().orElseThrow().verdict());
        assertEquals(Verdict.PASSED, TaskResult.parse(runs.get(DIR + "result.json").orElseThrow()).orElseThrow().verdict());
        assertEquals(List.of(), runs.refused, "no overwrite and no delete was ever asked for");
    }

    @Test
    void aRateLimitedAttemptOnceTheRateLimitRetriesAreSpentIsTheResult() throws Exception {
        PodEvaluation.Outcome last = pod("work", rateLimited()).evaluate("r", new PodEvaluation.JobIndex(0, null, 0, 2, 6, 6));

        assertEquals(ErrorKind.RATE_LIMITED, last.result().orElseThrow().errorKind());
        assertTrue(runs.exists(DIR + "result.json"));
        assertTrue(runs.inner.keys(DIR + "previous/").isEmpty());
    }

    @Test
    void anInfraErrorWithoutRetriesLeftIsTheResult() throws Exception {
        PodEvaluation.Outcome last = pod("work", passing().failStart("daemon gone")).evaluate("r", 0, 2, 2);

        assertEquals(ErrorKind.INFRA, last.result().orElseThrow().errorKind());
        assertTrue(runs.exists(DIR + "result.json"));
        assertTrue(runs.inner.keys(DIR + "previous/").isEmpty());
    }

    @Test
    void aPodThatLosesTheRaceWritesNothingIntoTheWinnersFolder() throws Exception {
        byte[] patch = "the winner's patch".getBytes(StandardCharsets.UTF_8);
        FakeSandboxProvider sandboxes = passing().beforeStart(() -> {
            // another pod of the same index finishes while this one works
            runs.inner.put(DIR + "patch.diff", patch);
            runs.inner.putIfAbsent(DIR + "result.json", "{\"schema\":1}".getBytes(StandardCharsets.UTF_8), Map.of());
        });

        pod("work", sandboxes).evaluate("r", 0, 0, 2);

        assertEquals("the winner's patch", new String(runs.get(DIR + "patch.diff").orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(List.of(), runs.refused);
    }

    @Test
    void resultJsonClaimsTheFolderBeforeAnyOtherFileOfTheAttempt() throws Exception {
        pod("work", passing()).evaluate("r", 0, 0, 2);

        List<String> attemptFiles = runs.created.stream().filter(k -> k.startsWith(DIR)).toList();
        assertTrue(attemptFiles.size() > 1, attemptFiles.toString());
        assertEquals(DIR + "result.json", attemptFiles.get(0), "the winner of result.json writes the rest: " + attemptFiles);
        assertTrue(attemptFiles.contains(DIR + "patch.diff"), attemptFiles.toString());
    }

    /** A store that refuses what objectCreator cannot do: replace an object, delete one. */
    static final class CreateOnly extends ForwardingArtifactStore {
        final ArtifactStore inner; // the bucket itself, for what a test sets up behind the pod's back
        final List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> created = new java.util.concurrent.CopyOnWriteArrayList<>();

        CreateOnly(ArtifactStore inner) {
            super(inner);
            this.inner = inner;
        }

        @Override
        public void put(String key, byte[] content, Map<String, String> metadata) {
            if (inner.exists(key)) {
                refused.add("overwrite " + key);
                throw new ArenaException(ExitCode.ENVIRONMENT, "403: storage.objects.delete is needed to replace " + key);
            }
            inner.put(key, content, metadata);
            created.add(key);
        }

        @Override
        public boolean putIfAbsent(String key, byte[] content, Map<String, String> metadata) {
            boolean done = inner.putIfAbsent(key, content, metadata);
            if (done) {
                created.add(key);
            }
            return done;
        }

        @Override
        public List<StoredObject> list(String prefix) {
            refused.add("list " + prefix);
            throw new ArenaException(ExitCode.ENVIRONMENT, "403: storage.objects.list is not granted to the pods");
        }

        @Override
        public List<String> folders(String prefix) {
            return list(prefix).stream().map(StoredObject::key).toList();
        }

        @Override
        public void delete(String key) {
            refused.add("delete " + key);
            throw new ArenaException(ExitCode.ENVIRONMENT, "403: storage.objects.delete is not granted to the pods");
        }

    }
}
