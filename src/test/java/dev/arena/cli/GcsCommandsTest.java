package dev.arena.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.cli.ArenaCli.Result;
import dev.arena.eval.EvalSettings;
import dev.arena.result.ErrorKind;
import dev.arena.result.ResultSummary;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;
import dev.arena.run.WorkItem;
import dev.arena.store.GcsStore;
import dev.arena.store.Stores;
import dev.arena.testing.FakeGcsServer;
import dev.arena.testing.FakeGcsServer.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The bucket commands end to end: the real command line, the real HTTP client, {@link FakeGcsServer} as the bucket. */
class GcsCommandsTest {
    private static final String BUCKET = "arena-cli";
    private static final EvalSettings SETTINGS = EvalSettings.builder().agent("oracle").model("model-x").build();

    @TempDir
    Path tmp;

    private FakeGcsServer server;
    private GcsStore runs;

    @BeforeEach
    void setUp() {
        server = FakeGcsServer.start();
        System.setProperty(Stores.EMULATOR_PROPERTY, server.hostAndPort());
        runs = new GcsStore(server.storage(), BUCKET, Stores.RUNS_PREFIX);
    }

    @AfterEach
    void tearDown() {
        System.clearProperty(Stores.EMULATOR_PROPERTY);
        server.close();
    }

    /** A run of three items of dataset ds whose first {@code verdicts.size()} items have results, stored as the evaluator does. */
    private RunPlan storeRun(String runId, List<Verdict> verdicts) throws IOException {
        List<WorkItem> items = List.of(new WorkItem("ds", "t1", 1), new WorkItem("ds", "t2", 1), new WorkItem("ds", "t3", 1));
        RunPlan plan = new RunPlan(RunPlan.SCHEMA, runId, Instant.parse("2025-05-05T11:59:00Z"), "test", 1, SETTINGS,
                List.of(new RunPlan.DatasetRef("ds", "/data/ds", "hash", 3)), items);
        new RunRepository(runs).savePlan(plan);
        Instant start = Instant.parse("2025-05-05T12:00:00Z");
        for (int i = 0; i < verdicts.size(); i++) {
            WorkItem item = items.get(i);
            Verdict v = verdicts.get(i);
            ErrorKind kind = v == Verdict.ERROR ? ErrorKind.TIMEOUT : null;
            TaskResult r = new TaskResult(TaskResult.SCHEMA, runId, "ds", item.task(), 1, "oracle", "model-x", v, kind,
                    kind == null ? null : "too slow", kind == null ? null : "agent", v == Verdict.PASSED,
                    v == Verdict.ERROR ? null : v == Verdict.PASSED ? 0 : 1, 1, 0, 0, 1, "pytest", List.of(), start,
                    start.plusSeconds(5), 5.0, Map.of(), 35, 1, 1, 100, 20, 0.01, "arena-task/ds:1", "test");
            runs.put(plan.layout().attemptDir("ds", item.task(), 1) + "patch.diff", new byte[0]);
            runs.putIfAbsent(plan.resultKey(item), Json.mapper().writeValueAsBytes(r), ResultSummary.of(r).toMetadata());
        }
        return plan;
    }

    @Test
    void uploadSendsTheBundledDatasetsOnceAndThenSkipsThem() {
        Result first = ArenaCli.run("upload", "--bucket", BUCKET, "examples/datasets");
        assertEquals(0, first.code(), first.toString());
        assertEquals(List.of("Uploaded 2 datasets to gs://" + BUCKET + "/datasets/ (0 unchanged)"), first.outLines());
        assertEquals(List.of("datasets/js-inventory.tar.gz", "datasets/manifest.json", "datasets/py-textkit.tar.gz"),
                server.names(BUCKET));

        Result second = ArenaCli.run("upload", "--bucket", BUCKET, "examples/datasets");
        assertEquals(0, second.code(), second.toString());
        assertEquals(List.of("Uploaded 0 datasets to gs://" + BUCKET + "/datasets/ (2 unchanged)"), second.outLines());
        assertTrue(second.err().contains("py-textkit: unchanged, skipped"), second.err());
    }

    @Test
    void uploadWithoutABucketIsAUsageError() {
        assumeTrue(System.getenv("ARENA_BUCKET") == null, "ARENA_BUCKET is set in this environment");
        Result r = ArenaCli.run("upload", "examples/datasets");
        assertEquals(2, r.code(), r.toString());
        assertEquals(List.of("arena: no bucket: pass --bucket NAME, set ARENA_BUCKET or run `arena setup`"), r.errLines());
        assertEquals("", r.out());
        assertEquals(List.of(), server.requests());
    }

    @Test
    void statusJsonReadsTheRunFromTheBucketByListing() throws IOException {
        storeRun("r1", List.of(Verdict.PASSED, Verdict.ERROR));
        server.clearRequests();

        Result r = ArenaCli.run("status", "r1", "--bucket", BUCKET, "--json");

        assertEquals(0, r.code(), r.toString());
        JsonNode status = Json.mapper().readTree(r.out());
        assertEquals(3, status.get("items").asInt());
        assertEquals(2, status.get("done").asInt());
        assertEquals(1, status.get("passed").asInt());
        assertEquals(1, status.get("errors").asInt());
        assertEquals(1, status.get("errors_by_kind").get("timeout").asInt());
        assertEquals(200, status.get("input_tokens").asLong());
        assertEquals("ds/t3", status.get("missing").get(0).asText());
        assertTrue(server.requests().stream().noneMatch(q -> q.object() != null && q.object().endsWith("result.json")),
                "status reads no result file: " + server.requests());
    }

    @Test
    void runsListShowsTheBucketsRunsNewestFirst() throws IOException {
        storeRun("2025-05-01T10-00-00Z", List.of(Verdict.PASSED));
        RunPlan newer = storeRun("2025-05-02T10-00-00Z", List.of(Verdict.PASSED, Verdict.FAILED, Verdict.PASSED));
        new RunRepository(runs).saveSummary(newer, new RunRepository(runs).status(newer));

        Result r = ArenaCli.run("runs", "list", "--bucket", BUCKET);

        assertEquals(0, r.code(), r.toString());
        List<String> rows = r.outLines();
        assertEquals(3, rows.size(), r.out());
        assertEquals(List.of("run", "agent", "model", "items", "done", "passed", "failed", "errors"), List.of(rows.get(0).split("\\s+")));
        assertEquals(List.of("2025-05-02T10-00-00Z", "oracle", "model-x", "3", "3", "2", "1", "0"), List.of(rows.get(1).split("\\s+")));
        assertEquals(List.of("2025-05-01T10-00-00Z", "oracle", "model-x", "3", "1", "1", "0", "0"), List.of(rows.get(2).split("\\s+")));
    }

    @Test
    void resultsDownloadCopiesTheRunFolder() throws IOException {
        storeRun("r1", List.of(Verdict.PASSED, Verdict.FAILED));
        Path to = tmp.resolve("local-runs");

        Result r = ArenaCli.run("results", "download", "r1", "--bucket", BUCKET, "--to", to.toString());

        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of(to.resolve("r1").toString()), r.outLines());
        assertTrue(r.err().startsWith("5 file(s) downloaded"), r.err());
        assertEquals(runs.get("r1/ds/t2/result.json").orElseThrow().length, Files.size(to.resolve("r1/ds/t2/result.json")));
        assertTrue(Files.isRegularFile(to.resolve("r1/run.json")));

        Result again = ArenaCli.run("results", "download", "r1", "--bucket", BUCKET, "--to", to.toString());
        assertTrue(again.err().startsWith("0 file(s) downloaded (0 B), 5 already present"), again.err());
    }

    @Test
    void downloadingAnUnknownRunIsAUsageError() {
        Result r = ArenaCli.run("results", "download", "nope", "--bucket", BUCKET, "--to", tmp.toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals(List.of("arena: no run 'nope' in gs://" + BUCKET + "/runs/"), r.errLines());
    }
}
