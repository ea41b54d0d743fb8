package dev.arena.run;

import dev.arena.Json;
import dev.arena.result.ErrorKind;
import dev.arena.result.ResultSummary;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.store.GcsStore;
import dev.arena.store.RunLayout;
import dev.arena.testing.FakeGcsServer;
import dev.arena.testing.FakeGcsServer.Kind;
import dev.arena.transfer.ResultsDownloader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Status, downloads and run listing of runs in a bucket, over the real HTTP client and {@link FakeGcsServer}. */
class BucketStatusTest {
    private static final String BUCKET = "arena-runs";

    @TempDir
    Path tmp;

    private FakeGcsServer server;
    private GcsStore runs;
    private RunRepository repository;

    @BeforeEach
    void setUp() {
        server = FakeGcsServer.start();
        runs = new GcsStore(server.storage(), BUCKET, "runs/");
        repository = new RunRepository(runs);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** Item i: every 10th an error (alternating timeout and agent), every 3rd else failed, the rest passed. */
    private static TaskResult resultFor(String runId, WorkItem item, int i) {
        Verdict verdict = i % 10 == 0 ? Verdict.ERROR : i % 3 == 0 ? Verdict.FAILED : Verdict.PASSED;
        ErrorKind kind = verdict != Verdict.ERROR ? null : i % 20 == 0 ? ErrorKind.TIMEOUT : ErrorKind.AGENT;
        Double cost = i % 4 == 0 ? null : i / 1000.0;
        return RunStatusTest.result(runId, item, verdict, kind, i, 2L * i, cost);
    }

    /** What the evaluator stores last for an attempt: result.json once, with the summary as metadata. */
    private void storeAttempt(RunPlan plan, WorkItem item, TaskResult result) throws Exception {
        String dir = plan.layout().attemptDir(item.dataset(), item.task(), item.attempt());
        assertTrue(runs.putIfAbsent(dir + RunLayout.RESULT, Json.mapper().writeValueAsBytes(result),
                ResultSummary.of(result).toMetadata()));
    }

    @Test
    void statusOfThreeThousandResultsComesFromListingsAlone() throws Exception {
        List<WorkItem> items = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            items.add(new WorkItem("ds-" + (char) ('a' + i % 3), String.format("task-%04d", i), 1));
        }
        RunPlan plan = RunStatusTest.plan("big-run", 1, items);
        repository.savePlan(plan);

        int passed = 0;
        int failed = 0;
        long inputTokens = 0;
        long outputTokens = 0;
        double cost = 0;
        int unpriced = 0;
        Map<String, Integer> errorsByKind = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            WorkItem item = items.get(i);
            if (i % 100 == 7) {
                missing.add(item.label());
                continue;
            }
            TaskResult r = resultFor(plan.runId(), item, i);
            switch (r.verdict()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case ERROR -> errorsByKind.merge(r.errorKind().json(), 1, Integer::sum);
            }
            inputTokens += r.inputTokens();
            outputTokens += r.outputTokens();
            if (r.costUsd() != null) {
                cost += r.costUsd();
            } else if (r.inputTokens() + r.outputTokens() > 0) {
                unpriced++;
            }
            writes.add(pool.submit(() -> {
                storeAttempt(plan, item, r);
                return null;
            }));
        }
        for (Future<?> w : writes) {
            w.get();
        }
        pool.shutdown();
        RunPlan loaded = repository.loadPlan("big-run");
        int objects = server.names(BUCKET).size();
        server.clearRequests();

        RunStatus status = repository.status(loaded);

        assertEquals(3000, status.items());
        assertEquals(3000 - missing.size(), status.done());
        assertEquals(passed, status.passed());
        assertEquals(failed, status.failed());
        assertEquals(errorsByKind, status.errorsByKind());
        assertEquals(errorsByKind.values().stream().mapToInt(Integer::intValue).sum(), status.errors());
        assertEquals(missing, status.missing());
        assertEquals(inputTokens, status.inputTokens());
        assertEquals(outputTokens, status.outputTokens());
        assertEquals(cost, status.costUsd(), 1e-9);
        assertEquals(unpriced, status.unpricedAttempts());
        assertEquals(1000, status.datasets().get("ds-a").items());

        List<FakeGcsServer.Request> seen = server.requests();
        assertEquals(List.of(Kind.LIST), seen.stream().map(FakeGcsServer.Request::kind).distinct().toList(),
                "status reads no object, it only lists");
        assertEquals((objects + 999) / 1000, seen.size(), "one request per page of 1000 objects");
        assertEquals(3, seen.size(), "2,971 objects make three pages");
    }

    @Test
    void aResultWithoutMetadataIsReadInstead() throws Exception {
        WorkItem item = new WorkItem("ds", "old", 1);
        RunPlan plan = RunStatusTest.plan("old-run", 1, List.of(item));
        repository.savePlan(plan);
        runs.put(plan.resultKey(item), Json.mapper().writeValueAsBytes(
                RunStatusTest.result("old-run", item, Verdict.FAILED, null, 5, 6, 0.5)));
        server.clearRequests();

        RunStatus status = repository.status(plan);

        assertEquals(1, status.failed());
        assertEquals(0.5, status.costUsd());
        assertEquals(1, server.count(Kind.GET_MEDIA), "the result written by an older arena is read: " + server.requests());
    }

    @Test
    void downloadFetchesEveryFileOnceAndAgainWhenChangedLocally() throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < 40; i++) {
            files.put("dl-run/ds/task-" + i + "/result.json", ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            files.put("dl-run/ds/task-" + i + "/logs/task.log", ("log line " + i + "\n").repeat(i + 1).getBytes(StandardCharsets.UTF_8));
        }
        files.put("dl-run/run.json", "{}".getBytes(StandardCharsets.UTF_8));
        files.put("other-run/run.json", "{}".getBytes(StandardCharsets.UTF_8));
        files.forEach((key, content) -> runs.put(key, content));
        Path to = tmp.resolve("runs");

        ResultsDownloader downloader = new ResultsDownloader(runs, 4);
        ResultsDownloader.Outcome first = downloader.download("dl-run", to);

        assertEquals(81, first.downloaded());
        assertEquals(0, first.skipped());
        assertEquals(to.resolve("dl-run"), first.where());
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().startsWith("dl-run/")) {
                assertArrayEquals(f.getValue(), Files.readAllBytes(to.resolve(f.getKey())), f.getKey());
            }
        }
        assertTrue(Files.notExists(to.resolve("other-run")));

        server.clearRequests();
        ResultsDownloader.Outcome second = downloader.download("dl-run", to);
        assertEquals(0, second.downloaded());
        assertEquals(81, second.skipped());
        assertEquals(0, server.count(Kind.GET_MEDIA) + server.count(Kind.GET_METADATA), server.requests().toString());

        Path changed = to.resolve("dl-run/ds/task-3/result.json");
        Files.writeString(changed, "{\"n\":9}"); // same size, other bytes: only the MD5 tells
        Files.writeString(to.resolve("dl-run/ds/task-4/logs/task.log"), "shorter");
        ResultsDownloader.Outcome third = downloader.download("dl-run", to);
        assertEquals(2, third.downloaded());
        assertEquals(79, third.skipped());
        assertEquals("{\"n\":3}", Files.readString(changed));
    }

    @Test
    void runIdsAreListedNewestFirstFromFolders() {
        for (String id : List.of("2025-01-02T10-00-00Z", "2025-03-01T08-30-00Z", "2024-12-31T23-59-59Z")) {
            runs.put(id + "/run.json", "{}".getBytes(StandardCharsets.UTF_8));
            runs.put(id + "/ds/t/result.json", "{}".getBytes(StandardCharsets.UTF_8));
        }
        server.clearRequests();

        assertEquals(List.of("2025-03-01T08-30-00Z", "2025-01-02T10-00-00Z", "2024-12-31T23-59-59Z"), repository.runIds());
        assertEquals(List.of(Kind.LIST), server.requests().stream().map(FakeGcsServer.Request::kind).toList());
    }
}
