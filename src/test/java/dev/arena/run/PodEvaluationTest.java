package dev.arena.run;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.dataset.DatasetLoader;
import dev.arena.eval.EvalSettings;
import dev.arena.result.Verdict;
import dev.arena.store.ArtifactStore;
import dev.arena.store.GcsStore;
import dev.arena.store.Stores;
import dev.arena.testing.FakeSandboxProvider;
import dev.arena.testing.Fixtures;
import dev.arena.testing.TestImages;
import dev.arena.transfer.DatasetCatalog;
import dev.arena.transfer.DatasetUploader;
import dev.arena.transfer.TransferListener;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pod's part with the bucket in memory and fake sandboxes: what it refuses before anything runs
 * (a hostile archive, a plan it must not trust, a dataset that is not the planned one).
 */
class PodEvaluationTest {
    private static final String ZERO_HASH = "0".repeat(64);

    @TempDir
    Path root;

    // the default helper refuses the doesNotExist precondition results are written with
    private final Storage storage = LocalStorageHelper.customOptions(false).getService();
    private final ArtifactStore runs = new GcsStore(storage, "bucket", Stores.RUNS_PREFIX);
    private final ArtifactStore bucketDatasets = new GcsStore(storage, "bucket", Stores.DATASETS_PREFIX);
    private final FakeSandboxProvider sandboxes = new FakeSandboxProvider();
    private final AtomicInteger opened = new AtomicInteger();
    private Path datasets;

    @BeforeEach
    void uploadADataset() {
        datasets = root.resolve("datasets");
        Path ds = Fixtures.dataset(datasets, "calc", "COPY value.txt ./\n", "#!/bin/sh\necho '1 passed, 0 failed'\n",
                Map.of("value.txt", "broken\n"));
        Fixtures.task(ds, "t1", Fixtures.FIX_VALUE_DIFF, Map.of());
        upload();
    }

    private void upload() {
        new DatasetUploader(new DatasetCatalog(bucketDatasets), ValidationService::validate, TransferListener.NONE)
                .upload(DatasetLoader.loadAll(datasets));
    }

    private PodEvaluation pod(String work, Set<String> allowed) {
        return new PodEvaluation(runs, bucketDatasets, root.resolve(work), () -> {
            opened.incrementAndGet();
            return sandboxes;
        }, host -> null, new PodEvaluation.Policy(allowed, false));
    }

    private RunPlan planned(String runId) {
        RunPlan plan = RunPlanner.plan(new RunRequest(datasets, List.of(), List.of(), 1, runId,
                TestImages.settings("null", Duration.ofMinutes(3))));
        new RunRepository(runs).savePlan(plan);
        return plan;
    }

    /** The pod refuses with exit 2 before a sandbox is opened, and stores nothing under the run. */
    private ArenaException refused(String runId, Set<String> allowed) {
        ArenaException e = assertThrows(ArenaException.class, () -> pod("work", allowed).evaluate(runId, 0, 0, 2));
        assertEquals(ExitCode.USAGE, e.exitCode(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertEquals(0, opened.get(), "no sandbox opened");
        assertEquals(List.of(runId + "/run.json"), runs.keys(runId + "/"), "nothing stored");
        return e;
    }

    @Test
    void aPlannedRunWithTheUploadedDatasetIsEvaluated() throws Exception {
        planned("ok-run");
        PodEvaluation.Outcome outcome = pod("work", Set.of()).evaluate("ok-run", 0, 0, 2);
        assertEquals(Verdict.PASSED, outcome.result().orElseThrow().verdict());
        assertEquals(1, opened.get());
    }

    @Test
    void aPodOfAResumeJobEvaluatesThePlanIndexItsCompletionIndexPointsTo() throws Exception {
        Path ds = datasets.resolve("calc");
        Fixtures.task(ds, "t2", Fixtures.FIX_VALUE_DIFF, Map.of());
        Fixtures.task(ds, "t3", Fixtures.FIX_VALUE_DIFF, Map.of());
        upload();
        RunPlan plan = planned("resume-run");
        assertEquals(List.of("t1", "t2", "t3"), plan.items().stream().map(WorkItem::task).toList());

        // the resume Job covers plan indexes 0 and 2; its second pod is completion index 1
        PodEvaluation.Outcome outcome = pod("work", Set.of())
                .evaluate("resume-run", new PodEvaluation.JobIndex(1, JobItems.parse("0,2"), 0, 2, 0, 0));

        assertEquals(new WorkItem("calc", "t3", 1), outcome.item());
        assertEquals(Verdict.PASSED, outcome.result().orElseThrow().verdict());
        assertTrue(runs.exists(plan.resultKey(plan.items().get(2))));
        assertFalse(runs.exists(plan.resultKey(plan.items().get(0))), "index 0 is the first pod's");
        assertFalse(runs.exists(plan.resultKey(plan.items().get(1))), "index 1 is not in this Job");
    }

    @Test
    void aResumeJobsListPointingPastThePlanIsRefused() {
        planned("short-run");
        ArenaException e = assertThrows(ArenaException.class, () -> pod("work", Set.of())
                .evaluate("short-run", new PodEvaluation.JobIndex(1, JobItems.parse("0,5"), 0, 2, 0, 0)));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("item 5 is not in run short-run (1 items)", e.getMessage());
        ArenaException past = assertThrows(ArenaException.class, () -> pod("work", Set.of())
                .evaluate("short-run", new PodEvaluation.JobIndex(2, JobItems.parse("0,5"), 0, 2, 0, 0)));
        assertEquals(ExitCode.USAGE, past.exitCode());
        assertEquals(0, opened.get(), "no sandbox opened");
        assertEquals(List.of("short-run/run.json"), runs.keys("short-run/"), "nothing stored");
    }

    @Test
    void theIssue14ArchiveEndsAsAnUnsafeArchiveWithNothingRunOrStored() throws Exception {
        for (String outside : List.of("etc/hostname", "proc/self/environ")) {
            String name = "evil-" + outside.replace('/', '-');
            Path archive = root.resolve(name + ".tar.gz");
            try (OutputStream out = Files.newOutputStream(archive);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                link(tar, "tasks/t1/task_description.txt", "../../d0/d1/d2/d3/d4/d5/d6/d7/x/" + "../".repeat(9) + outside);
                file(tar, "Dockerfile", "FROM scratch\n");
                file(tar, "run_tests.sh", "#!/bin/sh\n");
                file(tar, "tasks/t1/task_diff.txt", Fixtures.FIX_VALUE_DIFF);
                link(tar, "d0/d1/d2/d3/d4/d5/d6/d7/x", "../".repeat(8));
            }
            new DatasetCatalog(bucketDatasets).putArchive(name, archive, ZERO_HASH, sent -> { });
            String runId = "run-" + name;
            new RunRepository(runs).savePlan(new RunPlan(RunPlan.SCHEMA, runId, Instant.now(), "test", 1,
                    TestImages.settings("oracle", Duration.ofMinutes(3)),
                    List.of(new RunPlan.DatasetRef(name, "/nowhere", ZERO_HASH, 1)), List.of(new WorkItem(name, "t1", 1))));

            ArenaException e = refused(runId, Set.of());
            assertTrue(e.getMessage().startsWith("unsafe archive "), e.getMessage());
            assertTrue(e.getMessage().contains("task_description.txt resolves outside the dataset"), e.getMessage());
            assertEquals(List.of(), list(root.resolve("work").resolve(name)), "nothing of the archive left in the work folder");
        }
    }

    @Test
    void aDatasetChangedInTheBucketSinceThePlanIsRefused() throws Exception {
        planned("changed-run");
        Fixtures.write(datasets.resolve("calc/value.txt"), "fixed\n"); // the bucket now holds another dataset
        upload();
        ArenaException e = refused("changed-run", Set.of());
        assertTrue(e.getMessage().contains("is not the one run changed-run was planned with"), e.getMessage());
    }

    @Test
    void aPlanWithAHostNetworkIsRefused() {
        RunPlan plan = planned("host-run");
        EvalSettings s = plan.settings();
        savePlanWith(plan, s.toBuilder().network("host").build());
        ArenaException e = refused("host-run", Set.of());
        assertTrue(e.getMessage().contains("network must be bridge, internal or none, not 'host'"), e.getMessage());
    }

    @Test
    void aModelBaseUrlIsHonouredOnlyWhenTheOperatorAllowedIt() throws Exception {
        RunPlan plan = planned("url-run");
        EvalSettings s = plan.settings();
        savePlanWith(plan, s.toBuilder().modelBaseUrl("https://attacker.example/v1").build());
        ArenaException e = refused("url-run", Set.of("https://proxy.corp.example/v1"));
        assertTrue(e.getMessage().contains("model base URL https://attacker.example/v1 is not one the operator allowed"), e.getMessage());

        PodEvaluation.Outcome allowed = pod("work2", PlanValidator.parseAllowed("https://proxy.corp.example/v1, https://attacker.example/v1/"))
                .evaluate("url-run", 0, 0, 2);
        assertEquals(Verdict.PASSED, allowed.result().orElseThrow().verdict());
    }

    @Test
    void aPlanThatNamesAnotherRunIsRefused() {
        RunPlan plan = planned("other-run");
        // a plan at mine/run.json that claims to be other-run would write into other-run's folder
        new RunRepository(runs).savePlan(plan); // at other-run/run.json
        runs.put("mine/run.json", runs.get("other-run/run.json").orElseThrow());
        ArenaException e = refused("mine", Set.of());
        assertTrue(e.getMessage().contains("names run 'other-run' but was read as run mine"), e.getMessage());
    }

    private void savePlanWith(RunPlan plan, EvalSettings settings) {
        new RunRepository(runs).savePlan(new RunPlan(plan.schema(), plan.runId(), plan.createdAt(), plan.arenaVersion(),
                plan.passAtK(), settings, plan.datasets(), plan.items(), plan.prebuiltImages(), plan.regradeOf()));
    }

    private static void link(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }
}
