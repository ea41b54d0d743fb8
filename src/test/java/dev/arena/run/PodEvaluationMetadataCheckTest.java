package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.dataset.DatasetLoader;
import dev.arena.eval.EvalSettings;
import dev.arena.result.ErrorKind;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.store.LocalStore;
import dev.arena.testing.FakeSandboxProvider;
import dev.arena.testing.Fixtures;
import dev.arena.transfer.DatasetCatalog;
import dev.arena.transfer.DatasetUploader;
import dev.arena.transfer.TransferListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.arena.testing.FakeSandboxProvider.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pod proves the metadata block before its agent starts: a throwaway container from the
 * attempt's image tries the metadata addresses; any connection ends the attempt as an infra
 * error and nothing else runs. The real command against a real firewall: FirewallScriptIT.
 */
class PodEvaluationMetadataCheckTest {
    private static final EvalSettings SETTINGS = EvalSettings.builder().agent("oracle")
            .taskTimeout(Duration.ofMinutes(20)).build();
    private static final String DIR = "r/calc/task-1/";
    private static final String CHECK = "169\\.254\\.169\\.252:988";

    @TempDir
    Path root;
    LocalStore runs;
    LocalStore datasets;

    @BeforeEach
    void setUp() throws Exception {
        Path dir = root.resolve("datasets");
        Path calc = Fixtures.dataset(dir, "calc", "COPY . ./\n", "#!/bin/sh\nsh tasks/$1/task_tests.sh\n", Map.of("value.txt", "broken\n"));
        Fixtures.task(calc, "task-1", Fixtures.FIX_VALUE_DIFF, Map.of("task_tests.sh", "grep -q fixed /app/value.txt\n"));
        datasets = new LocalStore(root.resolve("bucket-datasets"));
        new DatasetUploader(new DatasetCatalog(datasets), ValidationService::validate, TransferListener.NONE).upload(DatasetLoader.loadAll(dir));
        runs = new LocalStore(root.resolve("bucket-runs"));
        new RunRepository(runs).savePlan(RunPlanner.plan(new RunRequest(dir, List.of(), List.of(), 1, "r", SETTINGS)));
    }

    private PodEvaluation pod(String work, FakeSandboxProvider sandboxes) {
        return new PodEvaluation(runs, datasets, root.resolve(work), () -> sandboxes, host -> null);
    }

    private static FakeSandboxProvider checkAnswers(String stdout) {
        return new FakeSandboxProvider().on(CHECK, (s, m, t) -> ok(stdout)).on("git apply .*arena-gold\\.diff", (s, m, t) -> ok(""));
    }

    private static List<FakeSandboxProvider.FakeSandbox> checks(FakeSandboxProvider sandboxes) {
        return sandboxes.started.stream().filter(s -> s.spec.name().endsWith("-metadata-check")).toList();
    }

    /** The sandboxes with a network other than the checks: the agent's (the grading one has none). */
    private static List<String> withANetwork(FakeSandboxProvider sandboxes) {
        return sandboxes.started.stream().filter(s -> !s.spec.name().endsWith("-metadata-check") && !"none".equals(s.spec.network()))
                .map(s -> s.spec.name()).toList();
    }

    private static List<String> allCommands(FakeSandboxProvider sandboxes) {
        return sandboxes.started.stream().flatMap(s -> s.commands().stream()).toList();
    }

    @Test
    void aReachableMetadataServerEndsTheAttemptAsAnInfraErrorAndTheAgentNeverRuns() throws Exception {
        FakeSandboxProvider sandboxes = checkAnswers("closed 169.254.169.254:80\nopen 169.254.169.252:988\nclosed 169.254.169.252:80\n");

        TaskResult r = pod("work", sandboxes).evaluate("r", 0, 2, 2).result().orElseThrow();

        assertEquals(Verdict.ERROR, r.verdict());
        assertEquals(ErrorKind.INFRA, r.errorKind());
        assertTrue(r.error().contains("reachable from a task container (connected to 169.254.169.252:988)"), r.error());
        TaskResult stored = TaskResult.parse(runs.get(DIR + "result.json").orElseThrow()).orElseThrow();
        assertEquals(r.error(), stored.error(), "stored like any other result");
        assertEquals(List.of(), withANetwork(sandboxes), "the agent's sandbox never started");
        FakeSandboxProvider.FakeSandbox check = checks(sandboxes).get(0);
        assertEquals(1, checks(sandboxes).size());
        assertTrue(check.spec.name().endsWith("-metadata-check"), check.spec.name());
        assertEquals("bridge", check.spec.network(), "the attempt's network mode");
        assertEquals(sandboxes.builds.size(), 1);
        assertTrue(check.spec.image().startsWith("arena-task/calc:"), "the attempt's own image: " + check.spec.image());
        assertFalse(check.live(), "removed");
        assertEquals(1, check.commands().size(), "the probe's one command");
        assertTrue(sandboxes.started.stream().noneMatch(FakeSandboxProvider.FakeSandbox::live), "everything removed");
        assertTrue(allCommands(sandboxes).stream().noneMatch(c -> c.contains("git apply") || c.contains("run_tests")),
                "no agent, no grading: " + allCommands(sandboxes));
    }

    @Test
    void withRetriesLeftTheJobTriesTheIndexAgainOnAnotherPod() {
        FakeSandboxProvider sandboxes = checkAnswers("open 169.254.169.254:80\nclosed 169.254.169.252:988\nclosed 169.254.169.252:80\n");

        ArenaException e = assertThrows(ArenaException.class, () -> pod("work", sandboxes).evaluate("r", 0, 0, 2));

        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().contains("169.254.169.254:80"), e.getMessage());
        assertEquals(List.of(), withANetwork(sandboxes), "the agent's sandbox never started");
    }

    @Test
    void aGradingSandboxWhoseTestsNeedTheNetworkIsCheckedTooWhenTheAgentHasNone() throws Exception {
        Path dir = root.resolve("datasets");
        Files.writeString(dir.resolve("calc/arena.json"), "{\"tests_network\": \"bridge\"}\n");
        new DatasetUploader(new DatasetCatalog(datasets), ValidationService::validate, TransferListener.NONE).upload(DatasetLoader.loadAll(dir));
        new RunRepository(runs).savePlan(RunPlanner.plan(new RunRequest(dir, List.of(), List.of(), 1, "r2",
                SETTINGS.toBuilder().network("none").build())));
        FakeSandboxProvider sandboxes = checkAnswers("closed 169.254.169.252:988\nclosed 169.254.169.254:80\nopen 169.254.169.252:80\n");

        TaskResult r = pod("work", sandboxes).evaluate("r2", 0, 2, 2).result().orElseThrow();

        assertEquals(ErrorKind.INFRA, r.errorKind(), String.valueOf(r.error()));
        assertTrue(r.error().contains("reachable from a task container (connected to 169.254.169.252:80)"), r.error());
        assertEquals(1, checks(sandboxes).size());
        assertEquals("bridge", checks(sandboxes).get(0).spec.network(), "the grading sandbox's network mode");
        assertEquals(List.of(), withANetwork(sandboxes).stream().filter(n -> !n.endsWith("-metadata-check")).toList(),
                "no sandbox with a network started");
        assertTrue(allCommands(sandboxes).stream().noneMatch(c -> c.contains("run_tests")), "no tests ran");
    }

    @Test
    void anUnreachableMetadataServerLetsTheEvaluationProceed() throws Exception {
        FakeSandboxProvider sandboxes = checkAnswers("closed 169.254.169.252:988\nclosed 169.254.169.254:80\nclosed 169.254.169.252:80\n");

        TaskResult r = pod("work", sandboxes).evaluate("r", 0, 0, 2).result().orElseThrow();

        assertEquals(Verdict.PASSED, r.verdict(), String.valueOf(r.error()));
        List<String> names = sandboxes.started.stream().map(s -> s.spec.name()).toList();
        assertEquals(1, checks(sandboxes).size(), "checked once: " + names);
        String agents = withANetwork(sandboxes).get(0);
        // the grading sandbox (no network) may start at any time; the agent's only after the check
        assertTrue(names.indexOf(checks(sandboxes).get(0).spec.name()) < names.indexOf(agents), names.toString());
        assertFalse(checks(sandboxes).get(0).live());
        assertTrue(allCommands(sandboxes).stream().anyMatch(c -> c.contains("git apply")), "the agent ran");
    }

    @Test
    void anImageWithNoToolToTryIsNotTakenAsBlocked() throws Exception {
        FakeSandboxProvider sandboxes = checkAnswers("untested 169.254.169.254:80\nuntested 169.254.169.252:80\nuntested 169.254.169.252:988\n");

        TaskResult r = pod("work", sandboxes).evaluate("r", 0, 2, 2).result().orElseThrow();

        assertEquals(ErrorKind.INFRA, r.errorKind());
        assertTrue(r.error().contains("none of python3, bash with timeout, nc"), r.error());
        assertEquals(List.of(), withANetwork(sandboxes), "the agent's sandbox never started");
    }

    @Test
    void aCheckThatSaysNothingIsNotTakenAsBlocked() throws Exception {
        FakeSandboxProvider sandboxes = checkAnswers("closed 169.254.169.254:80\n");

        TaskResult r = pod("work", sandboxes).evaluate("r", 0, 2, 2).result().orElseThrow();

        assertEquals(ErrorKind.INFRA, r.errorKind());
        assertTrue(r.error().startsWith("cannot check that task containers are kept off the metadata server"), r.error());
    }

    @Test
    void theCommandTriesEveryMetadataEndpoint() {
        for (String t : List.of("169.254.169.254:80", "169.254.169.252:80", "169.254.169.252:988")) {
            assertTrue(MetadataBlockCheck.COMMAND.contains(t), t);
        }
        assertFalse(MetadataBlockCheck.COMMAND.contains("169.254.20.10"));
    }
}
