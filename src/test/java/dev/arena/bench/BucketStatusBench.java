package dev.arena.bench;

import dev.arena.Json;
import dev.arena.eval.EvalSettings;
import dev.arena.result.ResultSummary;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;
import dev.arena.run.RunStatus;
import dev.arena.run.WorkItem;
import dev.arena.store.GcsStore;
import dev.arena.testing.FakeGcsServer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Status of a run with N results in a bucket (FakeGcsServer over the real HTTP client):
 * {@link RunRepository#status}, one listing that carries each result's summary as metadata,
 * against the obvious alternative of listing and then reading every result.json
 * ({@link RunRepository#results} and {@link RunStatus#of}). Run with bench/run-storage.sh.
 */
public final class BucketStatusBench {
    private static final String BUCKET = "bench";

    public static void main(String[] args) throws Exception {
        int results = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (FakeGcsServer server = FakeGcsServer.start()) {
            RunRepository repository = new RunRepository(new GcsStore(server.storage(), BUCKET, "runs/"));
            RunPlan plan = seed(server, repository, results);
            Timings listing = new Timings();
            Timings reading = new Timings();
            long listingRequests = 0;
            long readingRequests = 0;
            for (int i = 0; i < rounds; i++) {
                server.clearRequests();
                RunStatus[] fromListing = new RunStatus[1];
                listing.time(() -> fromListing[0] = repository.status(plan));
                listingRequests = server.requests().size();

                server.clearRequests();
                RunStatus[] fromFiles = new RunStatus[1];
                reading.time(() -> fromFiles[0] = RunStatus.of(plan, repository.results(plan)));
                readingRequests = server.requests().size();
                if (!fromListing[0].equals(fromFiles[0])) {
                    throw new IllegalStateException("the two ways disagree:\n" + fromListing[0] + "\n" + fromFiles[0]);
                }
            }
            System.out.printf("%d results, %d rounds, medians%n", results, rounds);
            System.out.printf("status from one listing:      %8.0f ms, %6d requests%n", listing.median(), listingRequests);
            System.out.printf("listing + read every result:  %8.0f ms, %6d requests%n", reading.median(), readingRequests);
            System.out.printf("ratio (read every / listing): %8.1f x time, %.0f x requests%n",
                    reading.median() / listing.median(), (double) readingRequests / listingRequests);
        }
    }

    /** A plan of {@code n} items, each with a result.json as the evaluator writes it (seeded straight into the fake). */
    private static RunPlan seed(FakeGcsServer server, RunRepository repository, int n) throws Exception {
        EvalSettings settings = EvalSettings.builder().agent("oracle").model("model-x").build();
        List<WorkItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(new WorkItem("ds-" + i % 5, String.format("task-%05d", i), 1));
        }
        RunPlan plan = new RunPlan(RunPlan.SCHEMA, "bench-run", Instant.parse("2025-05-05T12:00:00Z"), "bench", 1, settings,
                List.of(), items);
        repository.savePlan(plan);
        Instant start = Instant.parse("2025-05-05T12:00:00Z");
        for (int i = 0; i < n; i++) {
            WorkItem item = items.get(i);
            Verdict v = i % 3 == 0 ? Verdict.FAILED : Verdict.PASSED;
            TaskResult r = new TaskResult(TaskResult.SCHEMA, plan.runId(), item.dataset(), item.task(), 1, "oracle", "model-x",
                    v, null, null, null, v == Verdict.PASSED, v == Verdict.PASSED ? 0 : 1, 3, v == Verdict.PASSED ? 0 : 1, 0, 4,
                    "pytest", List.of(), start, start.plusSeconds(40), 40.0, Map.of("agent", 30.0, "grade", 10.0), 35, 1, 7,
                    12_000 + i, 900, 0.05, "arena-task/" + item.dataset() + ":abc", "bench");
            server.seed(BUCKET, "runs/" + plan.resultKey(item), Json.mapper().writeValueAsBytes(r), ResultSummary.of(r).toMetadata());
        }
        return plan;
    }
}
