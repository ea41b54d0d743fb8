package dev.arena.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.agent.Agent;
import dev.arena.agent.AgentContext;
import dev.arena.agent.OracleAgent;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.dataset.DatasetSettings;
import dev.arena.result.AgentUsage;
import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.sandbox.SandboxException;
import dev.arena.sandbox.SandboxSpec;
import dev.arena.store.ArtifactStore;
import dev.arena.store.ForwardingArtifactStore;
import dev.arena.store.LocalStore;
import dev.arena.store.RunLayout;
import dev.arena.testing.FakeSandboxProvider;
import dev.arena.testing.FakeSandboxProvider.FakeSandbox;
import dev.arena.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

import static dev.arena.testing.FakeSandboxProvider.ok;
import static dev.arena.testing.FakeSandboxProvider.result;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TaskEvaluator on {@link FakeSandboxProvider} and a LocalStore: each phase's failure ends in the
 * right verdict, error kind and failed phase; a cancelled attempt stores nothing; every sandbox
 * started is closed (checked after each test); result.json is written last and never redone.
 */
class TaskEvaluatorTest {
    private static final String RUN = "run-1";
    private static final String DIR = new RunLayout(RUN, 1).attemptDir("ds", "t1", 1);
    private static final Duration TASK_TIMEOUT = Duration.ofMinutes(10);

    @TempDir
    Path root;
    Dataset dataset;
    FakeSandboxProvider provider = new FakeSandboxProvider();
    RecordingStore store;

    @BeforeEach
    void setUp() {
        Path dir = Fixtures.dataset(root, "ds", "COPY . ./\n", "#!/bin/sh\nsh tasks/$1/task_tests.sh\n", Map.of("value.txt", "broken\n"));
        Fixtures.task(dir, "t1", Fixtures.FIX_VALUE_DIFF, Map.of("task_tests.sh", "grep -q fixed /app/value.txt\n"));
        dataset = DatasetLoader.load(dir);
        store = new RecordingStore(new LocalStore(root.resolve("runs")));
    }

    @AfterEach
    void everySandboxStartedWasClosed() {
        for (FakeSandbox s : provider.started) {
            assertTrue(s.closeCount >= 1, "sandbox " + s.spec.name() + " was left running");
        }
    }

    // ---- the happy path and grading ----

    @Test
    void passingTestsGivePassedWithCountsAndEveryFile() throws Exception {
        provider.on("diff --cached", FakeSandboxProvider.agentDiff(Fixtures.FIX_VALUE_DIFF))
                .on("\\./run_tests\\.sh", (s, m, t) -> ok("test a ... ok\n3 passed, 0 failed, 1 skipped\n"));
        TaskResult r = evaluate(agent(ctx -> {
            ctx.saveFile().accept(RunLayout.TRAJECTORY, "[]".getBytes(StandardCharsets.UTF_8));
            return new AgentUsage(4, 1000, 200, 0.5);
        }));

        assertEquals(Verdict.PASSED, r.verdict());
        JsonNode json = resultJson();
        assertEquals("passed", json.get("verdict").asText());
        assertTrue(json.get("success").asBoolean());
        assertTrue(json.get("error_kind").isNull());
        assertTrue(json.get("failed_phase").isNull());
        assertEquals(0, json.get("exit_code").asInt());
        assertEquals(3, json.get("tests_passed").asInt());
        assertEquals(0, json.get("tests_failed").asInt());
        assertEquals(1, json.get("tests_skipped").asInt());
        assertEquals(3, json.get("total_tests").asInt(), "skipped tests are not in the total");
        assertEquals("plain", json.get("test_format").asText());
        assertEquals(4, json.get("iterations").asInt());
        assertEquals(1000, json.get("input_tokens").asLong());
        assertEquals(0.5, json.get("cost_usd").asDouble());
        assertEquals(agentSandbox().spec.image(), json.get("image").asText());
        assertEquals(List.of(), List.copyOf(iterable(json.get("protected_changes").elements())));
        assertFalse(json.get("tests_timed_out").asBoolean());
        assertEquals(List.of("image", "sandbox", "agent", "patch", "grading"),
                List.copyOf(iterable(json.get("phase_seconds").fieldNames())).stream().sorted(this::byPhase).toList());

        assertEquals(Fixtures.FIX_VALUE_DIFF, text(RunLayout.PATCH));
        assertEquals("test a ... ok\n3 passed, 0 failed, 1 skipped\n", text(RunLayout.TEST_OUTPUT));
        assertEquals("[]", text(RunLayout.TRAJECTORY));
        assertTrue(text(RunLayout.BUILD_LOG).startsWith("fake build of arena-task/ds:"), "a fresh build's log is stored");
        assertTrue(text(RunLayout.TASK_LOG).contains("tests exited 0: 3 passed, 0 failed (plain) -> passed"), text(RunLayout.TASK_LOG));
        assertEquals(2, provider.started.size(), "the agent's sandbox and the grading one");
    }

    @Test
    void theAgentsTreeIsDiffedAndGradedInTheOtherSandboxWithOnlyTheTestFiles() throws Exception {
        List<String> atDiff = new ArrayList<>();
        provider.on("diff --cached", (s, m, t) -> {
            atDiff.addAll(s.files.keySet());
            return FakeSandboxProvider.agentDiff("").answer(s, m, t);
        });
        evaluate(agent(ctx -> {
            ctx.sandbox().writeFile("/app/value.txt", "fixed\n".getBytes(StandardCharsets.UTF_8));
            ctx.sandbox().writeFile("/app/.git/config", "[core]\n".getBytes(StandardCharsets.UTF_8));
            ctx.sandbox().writeFile("/app/src/.git/HEAD", "x".getBytes(StandardCharsets.UTF_8));
            ctx.sandbox().writeFile("/app/tasks/t1/planted.txt", new byte[] {1});
            return AgentUsage.NONE;
        }));
        assertEquals(List.of(), agentSandbox().commands(), "arena runs nothing in the agent's sandbox: its tree is read as an archive");

        // the pristine tree is recorded in a container of its own, baked into the grading image
        assertEquals(1, provider.derivations.size());
        FakeSandbox recorder = provider.derivations.get(0);
        assertEquals(List.of(PatchTaker.pristineCommand("/app", "/arena")), recorder.commands());
        assertEquals(agentSandbox().spec.image(), recorder.spec.image(), "recorded from the pristine image");
        assertEquals("none", recorder.spec.network());
        assertTrue(recorder.spec.name().matches("arena-run-1-ds-t1-1-pristine-[0-9a-f]{1,6}"), recorder.spec.name());
        FakeSandbox s = gradingSandbox();
        List<String> commands = s.commands();
        assertEquals(PatchTaker.diffCommand("/app", "/arena", ProtectedPaths.of(DatasetSettings.DEFAULT)), commands.get(0));
        assertEquals("chmod +x ./run_tests.sh && ./run_tests.sh 't1' 2>&1", commands.get(1));
        assertEquals(2, commands.size());
        Duration testTimeout = s.execs.get(1).timeout();
        assertTrue(testTimeout.compareTo(TASK_TIMEOUT) <= 0 && testTimeout.compareTo(TASK_TIMEOUT.minusMinutes(1)) > 0,
                "the tests get what is left of the task timeout: " + testTimeout);

        assertTrue(atDiff.contains("/arena/agent/value.txt"), atDiff.toString());
        assertTrue(atDiff.contains("/arena/git/HEAD"), "the grading sandbox has the pristine record from its image: " + atDiff);
        assertTrue(atDiff.contains("/app/run_tests.sh") && atDiff.contains("/app/tasks/t1/task_tests.sh"),
                "the grader's files come in with the agent's tree: " + atDiff);
        assertTrue(atDiff.contains("/arena/agent/tasks/t1/planted.txt"), "the diff sees everything; protected paths are split off there");
        assertFalse(atDiff.stream().anyMatch(f -> f.contains(".git/")), "no .git path reaches the grading sandbox: " + atDiff);
        assertFalse(s.files.keySet().stream().anyMatch(f -> f.startsWith("/arena/agent/")), "the copy is removed before grading");

        assertArrayEquals(Files.readAllBytes(dataset.testScript()), s.files.get("/app/run_tests.sh"), "run_tests.sh copied fresh");
        assertArrayEquals("grep -q fixed /app/value.txt\n".getBytes(StandardCharsets.UTF_8), s.files.get("/app/tasks/t1/task_tests.sh"));
        assertFalse(s.files.containsKey("/app/tasks/t1/task_diff.txt"), "the gold diff never enters the grading sandbox");
        assertFalse(s.files.containsKey("/app/tasks/t1/task_description.txt"), "only test files are copied in");
        assertFalse(agentSandbox().files.keySet().stream().anyMatch(f -> f.contains("task_")), "no task file enters the agent's sandbox");
    }

    @Test
    void thePatchIsWrittenByArenaAppliedInTheGradingSandboxAndStoredAsGraded() throws Exception {
        provider.on("diff --cached", FakeSandboxProvider.agentDiff(Fixtures.FIX_VALUE_DIFF));
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertEquals(Verdict.PASSED, r.verdict());
        String diffAndApply = gradingSandbox().commands().get(0);
        assertTrue(diffAndApply.contains("git apply --binary --whitespace=nowarn /arena/patch.diff"), diffAndApply);
        assertEquals(Fixtures.FIX_VALUE_DIFF, text(RunLayout.PATCH), "patch.diff is the file that was applied, read back as it is");
        assertTrue(text(RunLayout.TASK_LOG).contains("agent changed 1 file(s)"), text(RunLayout.TASK_LOG));
    }

    @Test
    void changesToProtectedPathsAreRecordedAndNotApplied() throws Exception {
        provider.on("diff --cached", FakeSandboxProvider.agentDiff(Fixtures.FIX_VALUE_DIFF, "run_tests.sh", "tests/conftest.py"));
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertEquals(List.of("run_tests.sh", "tests/conftest.py"), r.protectedChanges());
        assertEquals(List.of("run_tests.sh", "tests/conftest.py"),
                List.copyOf(iterable(resultJson().get("protected_changes").elements())).stream().map(JsonNode::asText).toList());
        assertEquals(Fixtures.FIX_VALUE_DIFF, text(RunLayout.PATCH));
        assertTrue(text(RunLayout.TASK_LOG).contains("changes to protected paths not applied: run_tests.sh, tests/conftest.py"),
                text(RunLayout.TASK_LOG));
    }

    @Test
    void aDatasetsProtectedPathsJoinTheDefaultsInTheDiff() throws Exception {
        Files.writeString(dataset.dir().resolve("arena.json"), "{\"protected_paths\": [\"fixtures/**\"]}");
        evaluate(agent(ctx -> AgentUsage.NONE));
        String diff = gradingSandbox().commands().get(0);
        assertTrue(diff.contains("':(exclude,glob)fixtures/**'") && diff.contains("':(glob)fixtures/**'"), diff);
        assertTrue(diff.contains("':(exclude,glob)**/conftest.py'"), diff);
    }

    @Test
    void aPatchTooBigToStoreIsAnAgentError() throws Exception {
        provider.on("diff --cached", FakeSandboxProvider.agentDiff("x".repeat(1000)));
        FakeSandbox grading = startedGradingSandbox();
        PatchTaker taker = new PatchTaker(ProtectedPaths.of(DatasetSettings.DEFAULT), 999);
        try (PatchTaker.AgentTreeCopy tree = taker.readAgentTree(grading, Map.of())) {
            EvaluationException e = assertThrows(EvaluationException.class, () -> taker.diffAndApply(grading, tree));
            assertEquals(ErrorKind.AGENT, e.kind());
            assertEquals("the agent's change is too big to grade: a 0.0 MiB patch (at most 0.0 MiB)", e.getMessage());
            assertEquals(1000, new PatchTaker(ProtectedPaths.of(DatasetSettings.DEFAULT), 1000).diffAndApply(grading, tree).diff().length);
        }
        grading.close();
    }

    /** A grading sandbox of its own, outside an evaluation. */
    private FakeSandbox startedGradingSandbox() throws InterruptedException {
        String image = provider.build(new dev.arena.sandbox.ImageSource("ds", dev.arena.dataset.BuildContext.of(dataset.dir()),
                dataset.dir().resolve("Dockerfile"), Map.of()), Duration.ofMinutes(1)).tag();
        return (FakeSandbox) provider.startStaged(new SandboxSpec(image, "x-grading-1", 1L << 20, 1, "none", Map.of()),
                "git x diff --cached", "./run_tests.sh 't1'");
    }

    @Test
    void aPatchThatDoesNotApplyIsAnInfraError() throws Exception {
        provider.on("diff --cached", (s, m, t) -> {
            String printed = FakeSandboxProvider.agentDiff(Fixtures.FIX_VALUE_DIFF, "run_tests.sh").answer(s, m, t).stdout();
            return result(PatchTaker.APPLY_FAILED, printed, "error: patch failed: value.txt:1\n");
        });
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertError(r, ErrorKind.INFRA, "patch");
        assertEquals("the agent's patch does not apply to the pristine /app: error: patch failed: value.txt:1", r.error());
        assertEquals(Fixtures.FIX_VALUE_DIFF, text(RunLayout.PATCH), "the patch that failed is kept");
        assertEquals(List.of("run_tests.sh"), r.protectedChanges());
        assertFalse(gradingSandbox().commands().stream().anyMatch(c -> c.contains("./run_tests")));
    }

    @Test
    void failingTestsGiveFailed() throws Exception {
        provider.on("\\./run_tests\\.sh", (s, m, t) -> result(1, "2 passed, 1 failed\n", ""));
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertEquals(Verdict.FAILED, r.verdict());
        JsonNode json = resultJson();
        assertEquals("failed", json.get("verdict").asText());
        assertFalse(json.get("success").asBoolean());
        assertTrue(json.get("error_kind").isNull());
        assertTrue(json.get("failed_phase").isNull());
        assertEquals(1, json.get("exit_code").asInt());
        assertEquals(2, json.get("tests_passed").asInt());
        assertEquals(1, json.get("tests_failed").asInt());
    }

    @Test
    void exitZeroWithFailuresParsedIsFailed() throws Exception {
        provider.on("\\./run_tests\\.sh", (s, m, t) -> ok("4 passed, 2 failed\n"));
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertEquals(Verdict.FAILED, r.verdict());
        assertEquals(0, r.exitCode());
        assertEquals(2, r.testsFailed());
    }

    /** Changed by issue 13: tests that time out on the agent's patch are a failure (the oracle passed within the limit), no longer an error. */
    @Test
    void testsThatTimeOutAreAFailureMarkedTimedOutAndKeepTheirOutput() throws Exception {
        provider.on("\\./run_tests\\.sh", FakeSandboxProvider.timedOut("1 passed\nstill running...\n"));
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertEquals(Verdict.FAILED, r.verdict());
        JsonNode json = resultJson();
        assertEquals("failed", json.get("verdict").asText());
        assertTrue(json.get("tests_timed_out").asBoolean());
        assertTrue(json.get("error_kind").isNull());
        assertTrue(json.get("failed_phase").isNull());
        assertTrue(json.get("exit_code").isNull(), "no exit code is recorded for killed tests");
        assertEquals(0, r.testsPassed(), "counts come only from tests that ran to the end");
        assertEquals("1 passed\nstill running...\n", text(RunLayout.TEST_OUTPUT));
        assertTrue(text(RunLayout.TASK_LOG).contains("tests ran past their time limit -> failed"), text(RunLayout.TASK_LOG));
    }

    @Test
    void aGraderThatCannotRunIsAGradingError() throws Exception {
        provider.on("\\./run_tests\\.sh", (s, m, t) -> result(127, "", "sh: ./run_tests.sh: python3: not found\n"));
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertError(r, ErrorKind.GRADING, "grading");
        assertEquals("run_tests.sh could not run (exit 127): sh: ./run_tests.sh: python3: not found", r.error());
    }

    // ---- each earlier phase's failure ----

    @Test
    void anUnreadableTaskDescriptionIsATaskErrorBeforeAnyImageOrSandbox() throws Exception {
        Files.delete(dataset.tasks().get(0).descriptionFile());
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertError(r, ErrorKind.TASK, "image");
        assertTrue(r.error().startsWith("cannot read "), r.error());
        assertEquals(List.of(), provider.builds);
        assertEquals(List.of(), provider.started);
    }

    @Test
    void anEmptyTaskDescriptionIsATaskError() throws Exception {
        Files.writeString(dataset.tasks().get(0).descriptionFile(), "\n  \n");
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertError(r, ErrorKind.TASK, "image");
        assertEquals("task description: task description is empty", r.error());
        assertEquals(List.of(), provider.started);
    }

    @Test
    void aFailedImageBuildIsAnImageBuildErrorWithItsLogStored() throws Exception {
        provider.failBuild("image build failed: RUN exit 3", "Step 1/3 : FROM base\nStep 3/3 : RUN exit 3\nexit code: 3\n");
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertError(r, ErrorKind.IMAGE_BUILD, "image");
        assertEquals("image build failed: RUN exit 3", r.error());
        assertEquals("Step 1/3 : FROM base\nStep 3/3 : RUN exit 3\nexit code: 3\n", text(RunLayout.BUILD_LOG));
        assertEquals(1, provider.builds.size());
        assertEquals(List.of(), provider.started);
    }

    @Test
    void aSandboxThatCannotStartIsAnInfraError() throws Exception {
        provider.failStart("cannot start a container from arena-task/ds: no space left on device");
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertError(r, ErrorKind.INFRA, "sandbox");
        assertEquals("cannot start a container from arena-task/ds: no space left on device", r.error());
        assertNotNull(r.image(), "the image was made before the sandbox failed");
    }

    @Test
    void thePristineTreeIsRecordedOncePerImageAndNeverStartedForTheAgent() throws Exception {
        evaluate(settings(TASK_TIMEOUT), agent(ctx -> AgentUsage.NONE), RUN + "/a/");
        evaluate(settings(TASK_TIMEOUT), agent(ctx -> AgentUsage.NONE), RUN + "/b/");
        assertEquals(1, provider.derivations.size(), "the second attempt of the image reuses its grading image");
        List<FakeSandbox> grading = provider.started.stream().filter(sb -> sb.spec.name().contains("-grading-")).toList();
        List<FakeSandbox> agents = provider.started.stream().filter(sb -> !sb.spec.name().contains("-grading-")).toList();
        assertEquals(2, grading.size());
        assertEquals(grading.get(0).spec.image(), grading.get(1).spec.image());
        for (FakeSandbox a : agents) {
            assertEquals(provider.derivations.get(0).spec.image(), a.spec.image(), "the agent gets the pristine image itself");
            assertFalse(a.files.containsKey("/arena/git/HEAD"), "no pristine record in the agent's sandbox");
        }

        Fixtures.write(dataset.dir().resolve("extra.txt"), "the image changes\n"); // a rebuilt image: new content, new tag
        dataset = DatasetLoader.load(dataset.dir());
        evaluate(settings(TASK_TIMEOUT), agent(ctx -> AgentUsage.NONE), RUN + "/c/");
        assertEquals(2, provider.derivations.size(), "a rebuilt image gets a pristine record of its own");
        assertNotEquals(provider.derivations.get(0).spec.image(), provider.derivations.get(1).spec.image());
        assertEquals(provider.derivations.get(1).spec.image(), agentSandbox().spec.image());
    }

    @Test
    void theAgentsSandboxIsStoppedBeforeItsTreeIsReadAndRemovedByTheEnd() throws Exception {
        List<Boolean> agentStoppedAtTests = new ArrayList<>();
        provider.beforeStop(() -> sleep(300)); // a slow kill: the tests must still wait for it
        provider.on("\\./run_tests\\.sh", (s, m, t) -> {
            provider.started.stream().filter(sb -> !sb.spec.name().contains("-grading-")).forEach(sb -> agentStoppedAtTests.add(sb.stopped));
            return ok("1 passed, 0 failed\n");
        });
        assertEquals(Verdict.PASSED, evaluate(agent(ctx -> AgentUsage.NONE)).verdict());
        assertEquals(List.of(true), agentStoppedAtTests, "stopped before any test");
        assertEquals(Boolean.TRUE, agentSandbox().stoppedWhenRead, "stopped before its tree was read");
        assertFalse(agentSandbox().live(), "removed by the time the attempt ends");
    }

    @Test
    void aPristineTreeThatCannotBeRecordedIsAnInfraErrorNamingGit() throws Exception {
        provider.on("--work-tree=/app add -A", (s, m, t) -> result(127, "", "sh: 1: git: not found\n"));
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertError(r, ErrorKind.INFRA, "patch");
        assertTrue(r.error().startsWith("cannot record the pristine /app in the grading container (is git installed in the image?)"), r.error());
        assertTrue(r.error().endsWith("sh: 1: git: not found"), r.error());
        assertTrue(provider.started.stream().noneMatch(sb -> sb.spec.name().contains("-grading-")), "no grading sandbox without its image");
        assertTrue(provider.derivations.stream().noneMatch(FakeSandbox::live), "the recording container is removed");
    }

    @Test
    void aGradingSandboxDyingWhileRecordingThePristineTreeIsAnInfraError() throws Exception {
        provider.on("--work-tree=/app add -A", (s, m, t) -> {
            throw new SandboxException("command failed to run in the container: No such container", null);
        });
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertError(r, ErrorKind.INFRA, "patch");
        assertEquals("cannot record the pristine /app in the grading container (is git installed in the image?):"
                + " command failed to run in the container: No such container", r.error());
    }

    @Test
    void theGradingSandboxRunsWithoutNetworkUnlessTheDatasetSaysBridge() throws Exception {
        EvalSettings bridge = settings(TASK_TIMEOUT).toBuilder().network("bridge").buildArgs(Map.of()).build();
        evaluate(bridge, agent(ctx -> AgentUsage.NONE));
        assertEquals("bridge", agentSandbox().spec.network());
        assertEquals("none", gradingSandbox().spec.network());

        Files.writeString(dataset.dir().resolve("arena.json"), "{\"tests_network\": \"bridge\"}");
        evaluate(settings(TASK_TIMEOUT), agent(ctx -> AgentUsage.NONE), "run-1/again/");
        assertEquals("none", agentSandbox().spec.network());
        assertEquals("bridge", gradingSandbox().spec.network());
    }

    @Test
    void theInternalModePutsTheAgentAloneOnANetworkOfItsOwnRemovedAfterTheAttempt() throws Exception {
        EvalSettings internal = settings(TASK_TIMEOUT).toBuilder().network("internal").buildArgs(Map.of()).build();
        List<Boolean> removedWhileAgentRan = new java.util.ArrayList<>();
        evaluate(internal, agent(ctx -> {
            removedWhileAgentRan.add(provider.networks.get(0).removed);
            return AgentUsage.NONE;
        }));
        assertEquals(1, provider.networks.size());
        FakeSandboxProvider.FakeNetwork net = provider.networks.get(0);
        assertEquals(List.of(false), removedWhileAgentRan);
        assertEquals(net.name(), agentSandbox().spec.network());
        assertEquals("none", gradingSandbox().spec.network());
        assertEquals(agentSandbox().spec.labels(), net.labels, "found by the run's cleanup like its containers");
        assertTrue(net.removed, "removed at the end of the attempt");

        TaskResult failed = evaluate(internal, agent(ctx -> {
            throw new EvaluationException(ErrorKind.AGENT, "crashed");
        }), "run-1/failed/");
        assertEquals(Verdict.ERROR, failed.verdict(), failed.toString());
        assertEquals(2, provider.networks.size());
        assertTrue(provider.networks.get(1).removed, "removed when the attempt fails too");
        assertNotEquals(net.name(), provider.networks.get(1).name(), "one network per attempt");
    }

    @Test
    void theBridgeModeMakesNoNetwork() throws Exception {
        evaluate(agent(ctx -> AgentUsage.NONE));
        assertEquals(List.of(), provider.networks);
    }

    @Test
    void anInvalidArenaJsonIsATaskErrorBeforeAnySandbox() throws Exception {
        Files.writeString(dataset.dir().resolve("arena.json"), "{\"tests_network\": \"host\"}");
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertError(r, ErrorKind.TASK, "image");
        assertEquals("dataset ds: arena.json: tests_network must be \"none\" or \"bridge\", not \"host\"", r.error());
        assertEquals(List.of(), provider.started);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorKind.class, names = {"AGENT", "MODEL_API", "RATE_LIMITED"})
    void anAgentFailureKeepsItsKindAndTheUsageItCarries(ErrorKind kind) throws Exception {
        TaskResult r = evaluate(agent(ctx -> {
            throw new EvaluationException(kind, "gave up: " + kind).withUsage(new AgentUsage(3, 100, 20, 0.01));
        }));
        assertError(r, kind, "agent");
        assertEquals("gave up: " + kind, r.error());
        JsonNode json = resultJson();
        assertEquals(kind.json(), json.get("error_kind").asText());
        assertEquals(3, json.get("iterations").asInt());
        assertEquals(100, json.get("input_tokens").asLong());
        assertEquals(20, json.get("output_tokens").asLong());
        assertEquals(0.01, json.get("cost_usd").asDouble());
        assertFalse(allCommands().stream().anyMatch(c -> c.contains("./run_tests")), "no grading after an error");
    }

    @Test
    void anAgentFailureWithoutUsageRecordsNone() throws Exception {
        TaskResult r = evaluate(agent(ctx -> {
            throw new EvaluationException(ErrorKind.AGENT, "crashed");
        }));
        assertError(r, ErrorKind.AGENT, "agent");
        assertEquals(0, r.iterations());
        assertEquals(null, r.costUsd());
    }

    /** An unchecked exception out of an agent is recorded as infra, not agent: what the evaluator does today. */
    @Test
    void anAgentThrowingARuntimeExceptionIsAnInfraError() throws Exception {
        TaskResult r = evaluate(agent(ctx -> {
            throw new IllegalStateException("bug in the agent");
        }));
        assertError(r, ErrorKind.INFRA, "agent");
        assertEquals("unexpected IllegalStateException: bug in the agent", r.error());
    }

    @Test
    void anAgentPastTheDeadlineIsATimeoutAndItsUsageIsKept() throws Exception {
        TaskResult r = evaluate(settings(Duration.ofMillis(1)), agent(ctx -> {
            Thread.sleep(100);
            return new AgentUsage(9, 1, 1, null);
        }));
        assertError(r, ErrorKind.TIMEOUT, "agent");
        assertEquals("the attempt ran past its time limit of 0s", r.error());
        assertEquals(9, r.iterations());
        assertFalse(allCommands().stream().anyMatch(c -> c.contains("diff --cached")));
    }

    @Test
    void theTaskClockStartsBeforeTheImageBuildWhichGetsAtMostTheTimeLeft() throws Exception {
        provider.beforeBuild(() -> sleep(600));
        AtomicReference<Instant> deadline = new AtomicReference<>();
        Instant before = Instant.now();
        evaluate(settings(Duration.ofSeconds(20)), agent(ctx -> {
            deadline.set(ctx.deadline());
            return AgentUsage.NONE;
        }));
        assertTrue(deadline.get().isBefore(before.plus(Duration.ofMillis(20_300))), "the build's 0.6 s counts in the task's 20 s");
        Duration given = provider.buildTimeouts.get(0);
        assertTrue(given.compareTo(Duration.ofSeconds(20)) <= 0 && given.compareTo(Duration.ofSeconds(15)) > 0,
                "the default 30 min build limit is cut to what is left of the task: " + given);
    }

    @Test
    void theBuildTimeoutGoesToTheBuildAndABuildStoppedByTheTasksDeadlineIsATimeout() throws Exception {
        EvalSettings s = settings(Duration.ofSeconds(20));
        EvalSettings fiveSecondBuilds = s.toBuilder().buildTimeout(Duration.ofSeconds(5)).build();
        evaluate(fiveSecondBuilds, agent(ctx -> AgentUsage.NONE), "first/");
        assertEquals(Duration.ofSeconds(5), provider.buildTimeouts.get(0));

        // the fake does not wait: a build that ends in failure after the task's time is gone stands for one stopped there
        provider.beforeBuild(() -> sleep(400)).failBuild("image build stopped: it ran past its time limit of 0s", "Step 2/2 : RUN sleep 600\n");
        TaskResult r = evaluate(settings(Duration.ofMillis(200)), agent(ctx -> AgentUsage.NONE));
        assertError(r, ErrorKind.TIMEOUT, "image");
        assertEquals("the attempt ran past its time limit of 0s while its image was built", r.error());
        assertTrue(text(RunLayout.BUILD_LOG).contains("RUN sleep 600"), "the build log is kept");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aDeadlinePassedDuringThePatchIsATimeoutInGradingWithoutRunningTests() throws Exception {
        AtomicReference<Instant> deadline = new AtomicReference<>();
        provider.on("diff --cached", (s, m, t) -> {
            Thread.sleep(Duration.between(Instant.now(), deadline.get()).toMillis() + 100);
            return FakeSandboxProvider.agentDiff("").answer(s, m, t);
        });
        TaskResult r = evaluate(settings(Duration.ofSeconds(1)), agent(ctx -> {
            deadline.set(ctx.deadline());
            return AgentUsage.NONE;
        }));
        assertError(r, ErrorKind.TIMEOUT, "grading");
        assertFalse(allCommands().stream().anyMatch(c -> c.contains("./run_tests")));
    }

    @Test
    void aSandboxDyingDuringThePatchIsAnInfraError() throws Exception {
        provider.on("diff --cached", (s, m, t) -> {
            throw new SandboxException("container gone", null);
        });
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertError(r, ErrorKind.INFRA, "patch");
        assertEquals("", text(RunLayout.PATCH), "an empty patch.diff is still stored");
    }

    /** Changed by issue 13: a diff that fails is an infra error, no longer an empty patch graded as the agent's. */
    @Test
    void aFailingDiffIsAnInfraErrorAndNothingIsGraded() throws Exception {
        provider.on("diff --cached", (s, m, t) -> result(128, "", "fatal: bad revision\n"));
        TaskResult r = evaluate(agent(ctx -> AgentUsage.NONE));
        assertError(r, ErrorKind.INFRA, "patch");
        assertEquals("cannot diff the agent's /app against the pristine one: fatal: bad revision", r.error());
        assertFalse(allCommands().stream().anyMatch(c -> c.contains("./run_tests")));
    }

    // ---- cancellation ----

    @Test
    void anAttemptCancelledDuringTheAgentStoresNothingAndClosesTheSandbox() throws Exception {
        TaskEvaluator evaluator = evaluator(settings(TASK_TIMEOUT));
        Agent agent = agent(ctx -> {
            evaluator.cancel();
            return AgentUsage.NONE;
        });
        assertThrows(InterruptedException.class, () -> evaluator.evaluate(attempt(), agent, DIR));
        assertNothingStored();
        assertEquals(2, provider.started.size());
        assertFalse(allCommands().stream().anyMatch(c -> c.contains("diff --cached")), "no phase after the cancel");
    }

    @Test
    void anAttemptCancelledWhileTheAgentFailsStillStoresNothing() throws Exception {
        TaskEvaluator evaluator = evaluator(settings(TASK_TIMEOUT));
        Agent agent = agent(ctx -> {
            evaluator.cancel();
            throw new EvaluationException(ErrorKind.MODEL_API, "connection reset");
        });
        assertThrows(InterruptedException.class, () -> evaluator.evaluate(attempt(), agent, DIR));
        assertNothingStored();
    }

    @Test
    void anAttemptCancelledDuringTheImageBuildStartsNoSandbox() throws Exception {
        TaskEvaluator evaluator = evaluator(settings(TASK_TIMEOUT));
        provider.beforeBuild(evaluator::cancel);
        assertThrows(InterruptedException.class, () -> evaluator.evaluate(attempt(), agent(ctx -> AgentUsage.NONE), DIR));
        assertNothingStored();
        assertEquals(1, provider.builds.size());
        assertEquals(List.of(), provider.started);
    }

    @Test
    void anAttemptCancelledWhileTheSandboxesStartClosesBothBeforeAnyCommand() throws Exception {
        TaskEvaluator evaluator = evaluator(settings(TASK_TIMEOUT));
        provider.beforeStart(evaluator::cancel);
        assertThrows(InterruptedException.class, () -> evaluator.evaluate(attempt(), agent(ctx -> AgentUsage.NONE), DIR));
        assertNothingStored();
        assertEquals(2, provider.started.size());
        assertEquals(List.of(), allCommands());
    }

    @Test
    void aWorkerInterruptedTwiceWhileTheGradingSandboxStartsStillRemovesIt() throws Exception {
        // Ctrl+C interrupts a worker more than once; the second interrupt must not make it give
        // up waiting for the grading sandbox it started, which would then outlive every cleanup
        provider.beforeStart(() -> {
            if (Thread.currentThread().getName().equals("arena-grading-setup")) {
                try {
                    Thread.sleep(800);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        TaskEvaluator evaluator = evaluator(settings(TASK_TIMEOUT));
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                evaluator.evaluate(attempt(), agent(ctx -> AgentUsage.NONE), DIR);
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "worker");
        worker.start();
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (provider.started.stream().noneMatch(sb -> !sb.spec.name().contains("-grading-")) && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        evaluator.cancel();
        worker.interrupt();
        Thread.sleep(100);
        worker.interrupt();
        worker.join(10_000);

        assertFalse(worker.isAlive());
        assertInstanceOf(InterruptedException.class, thrown.get());
        assertEquals(2, provider.started.size(), "the agent's sandbox and the grading one");
        assertTrue(provider.started.stream().noneMatch(FakeSandbox::live), "both removed before evaluate returned");
        assertNothingStored();
    }

    // ---- storage and what the sandbox gets ----

    @Test
    void resultJsonIsWrittenLastAndOnlyOnce() throws Exception {
        provider.on("\\./run_tests\\.sh", (s, m, t) -> result(1, "0 passed, 1 failed\n", ""));
        evaluate(agent(ctx -> {
            ctx.saveFile().accept(RunLayout.TRAJECTORY, "[]".getBytes(StandardCharsets.UTF_8));
            return AgentUsage.NONE;
        }));
        List<String> writes = store.writes;
        assertEquals("putIfAbsent " + DIR + RunLayout.RESULT, writes.get(writes.size() - 1), writes.toString());
        assertEquals(1, writes.stream().filter(w -> w.endsWith(RunLayout.RESULT)).count());
        assertEquals(List.of("put " + DIR + RunLayout.PATCH, "put " + DIR + RunLayout.TEST_OUTPUT, "put " + DIR + RunLayout.BUILD_LOG,
                "put " + DIR + RunLayout.TRAJECTORY, "put " + DIR + RunLayout.TASK_LOG, "putIfAbsent " + DIR + RunLayout.RESULT), writes);
        assertEquals("failed", store.stat(DIR + RunLayout.RESULT).orElseThrow().metadata().get("arena-verdict"),
                "result.json carries its summary as metadata");
    }

    @Test
    void anExistingResultIsReturnedUntouchedWithoutASandbox() throws Exception {
        TaskResult first = evaluate(agent(ctx -> AgentUsage.NONE));
        byte[] stored = store.get(DIR + RunLayout.RESULT).orElseThrow();
        FakeSandboxProvider second = new FakeSandboxProvider();
        store.writes.clear();

        TaskResult again = new TaskEvaluator(second, settings(TASK_TIMEOUT), store)
                .evaluate(attempt(), agent(ctx -> {
                    throw new EvaluationException(ErrorKind.AGENT, "must not run");
                }), DIR);

        assertEquals(first, again);
        assertArrayEquals(stored, store.get(DIR + RunLayout.RESULT).orElseThrow());
        assertEquals(List.of(), store.writes);
        assertEquals(List.of(), second.started);
        assertEquals(List.of(), second.builds);
    }

    @Test
    void theSandboxGetsTheLimitsAndLabelsOfTheSettings() throws Exception {
        AtomicReference<AgentContext> seen = new AtomicReference<>();
        Instant before = Instant.now();
        evaluate(agent(ctx -> {
            seen.set(ctx);
            return AgentUsage.NONE;
        }));
        SandboxSpec spec = agentSandbox().spec;
        assertEquals(512L << 20, spec.memoryBytes());
        assertEquals(1.5, spec.cpus());
        assertEquals("none", spec.network());
        assertEquals(Map.of("app.kubernetes.io/name", "arena", "app.kubernetes.io/managed-by", "arena", "arena/run-id", RUN,
                "arena/dataset", "ds", "arena/task", "t1"), spec.labels());
        assertTrue(spec.name().matches("arena-run-1-ds-t1-1-[0-9a-f]{1,6}"), spec.name());
        assertEquals(provider.builds.size(), 1);
        assertEquals(Map.of("BASE_IMAGE", "arena-base:test"), provider.builds.get(0).buildArgs());
        assertTrue(spec.image().startsWith("arena-task/ds:"), spec.image());

        AgentContext ctx = seen.get();
        assertEquals(7, ctx.maxIterations());
        assertEquals("t1", ctx.task().id());
        assertTrue(ctx.description().text().contains("Task: t1"), ctx.description().text());
        assertTrue(!ctx.deadline().isBefore(before.plus(TASK_TIMEOUT)) && ctx.deadline().isBefore(Instant.now().plus(TASK_TIMEOUT)),
                "deadline " + ctx.deadline());
        assertTrue(ctx.sandbox() == agentSandbox(), "the agent works in its own sandbox");

        SandboxSpec grading = gradingSandbox().spec;
        assertEquals(provider.derive(provider.derivations.get(0).spec, PatchTaker.pristineCommand("/app", "/arena"), TASK_TIMEOUT),
                grading.image(), "grading starts from the pristine image plus its pristine record");
        assertEquals(spec.image(), provider.derivations.get(0).spec.image());
        assertEquals(1, provider.derivations.size(), "derived once");
        assertEquals(spec.labels(), grading.labels(), "cleanup finds the grading sandbox by the same labels");
        assertEquals(spec.memoryBytes(), grading.memoryBytes());
        assertEquals(spec.cpus(), grading.cpus());
        assertTrue(grading.name().matches("arena-run-1-ds-t1-1-grading-[0-9a-f]{1,6}"), grading.name());
    }

    @Test
    void aPinnedPrebuiltImageIsPulledInsteadOfBuilt() throws Exception {
        String ref = "registry.example/arena-task/ds@sha256:" + "a".repeat(64);
        TaskResult r = new TaskEvaluator(provider, settings(TASK_TIMEOUT), store, new PrebuiltImages(true, Map.of("ds", ref), h -> null))
                .evaluate(attempt(), agent(ctx -> AgentUsage.NONE), DIR);
        assertEquals(Verdict.PASSED, r.verdict());
        assertEquals(ref, r.image());
        assertEquals(List.of(ref), provider.pulls);
        assertEquals(List.of(), provider.builds);
        assertEquals(ref, agentSandbox().spec.image());
        assertEquals(ref, provider.derivations.get(0).spec.image(), "the grading image is derived from the pulled one");
        assertEquals(provider.derive(provider.derivations.get(0).spec, PatchTaker.pristineCommand("/app", "/arena"), TASK_TIMEOUT),
                gradingSandbox().spec.image());
        assertFalse(store.exists(DIR + RunLayout.BUILD_LOG));
    }

    @Test
    void aPrebuiltImageThatCannotBePulledFallsBackToABuild() throws Exception {
        String ref = "registry.example/arena-task/ds@sha256:" + "b".repeat(64);
        provider.failPull("manifest unknown");
        TaskResult r = new TaskEvaluator(provider, settings(TASK_TIMEOUT), store, new PrebuiltImages(true, Map.of("ds", ref), h -> null))
                .evaluate(attempt(), agent(ctx -> AgentUsage.NONE), DIR);
        assertEquals(Verdict.PASSED, r.verdict());
        assertEquals(List.of(ref), provider.pulls);
        assertEquals(1, provider.builds.size());
        assertTrue(r.image().startsWith("arena-task/ds:"), r.image());
        assertTrue(text(RunLayout.TASK_LOG).contains("manifest unknown; building the image from the dataset instead"));
    }

    // ---- the real oracle agent ----

    @Test
    void theOracleWritesTheGoldDiffAppliesItAndCleansUp() throws Exception {
        provider.on("^git apply --whitespace=nowarn /tmp/arena-gold.diff$", (s, m, t) -> {
            assertArrayEquals(Fixtures.FIX_VALUE_DIFF.getBytes(StandardCharsets.UTF_8), s.files.get("/tmp/arena-gold.diff"));
            return ok("");
        });
        TaskResult r = evaluate(new OracleAgent());
        assertEquals(Verdict.PASSED, r.verdict());
        assertEquals(1, r.iterations());
        FakeSandbox s = agentSandbox();
        assertFalse(s.files.containsKey("/tmp/arena-gold.diff"), "the gold diff is removed after the oracle's turn");
        assertTrue(s.commands().contains("rm -f /tmp/arena-gold.diff"));
        assertFalse(gradingSandbox().files.containsKey("/tmp/arena-gold.diff"), "the gold diff never enters the grading sandbox");
        assertFalse(gradingSandbox().files.containsKey("/app/tasks/t1/task_diff.txt"));
    }

    @Test
    void anOracleWhoseDiffAppliesNowhereIsAnAgentError() throws Exception {
        provider.on("git apply|command -v patch", (s, m, t) -> result(1, "", "error: patch failed: value.txt:1\n"));
        TaskResult r = evaluate(new OracleAgent());
        assertError(r, ErrorKind.AGENT, "agent");
        assertEquals("the gold diff does not apply to the task image", r.error());
        List<String> commands = agentSandbox().commands();
        assertEquals(4, commands.stream().filter(c -> c.startsWith("git apply") || c.startsWith("command -v patch")).count(), commands.toString());
        assertFalse(commands.stream().anyMatch(c -> c.startsWith("git checkout")),
                "changed by issue 13: /app is no git repository and a failed git apply changes nothing, so no reset between tries");
    }

    // ---- helpers ----

    private void assertError(TaskResult r, ErrorKind kind, String phase) throws IOException {
        assertEquals(Verdict.ERROR, r.verdict(), r.toString());
        JsonNode json = resultJson();
        assertEquals("error", json.get("verdict").asText());
        assertEquals(kind.json(), json.get("error_kind").asText());
        assertEquals(phase, json.get("failed_phase").asText());
        assertFalse(json.get("success").asBoolean());
        assertEquals(r.error(), json.get("error").asText());
        assertTrue(text(RunLayout.TASK_LOG).contains("ERROR (" + kind.json() + ") in phase " + phase + ": "), text(RunLayout.TASK_LOG));
    }

    private FakeSandbox agentSandbox() {
        return sandbox(false);
    }

    private FakeSandbox gradingSandbox() {
        return sandbox(true);
    }

    /** The last started sandbox of a role (both start at once, in either order). */
    private FakeSandbox sandbox(boolean grading) {
        List<FakeSandbox> of = provider.started.stream().filter(s -> s.spec.name().contains("-grading-") == grading).toList();
        assertFalse(of.isEmpty(), "no " + (grading ? "grading" : "agent") + " sandbox was started");
        return of.get(of.size() - 1);
    }

    private List<String> allCommands() {
        return provider.started.stream().flatMap(s -> s.commands().stream()).toList();
    }

    private void assertNothingStored() {
        assertEquals(List.of(), store.writes);
        assertEquals(List.of(), store.keys(RUN + "/"));
    }

    private JsonNode resultJson() throws IOException {
        return Json.mapper().readTree(store.get(DIR + RunLayout.RESULT).orElseThrow(() -> new AssertionError("no result.json")));
    }

    private String text(String file) {
        return new String(store.get(DIR + file).orElseThrow(() -> new AssertionError("no " + file)), StandardCharsets.UTF_8);
    }

    private int byPhase(String a, String b) {
        return Integer.compare(dev.arena.result.Phase.rank(a), dev.arena.result.Phase.rank(b));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    private EvalSettings settings(Duration taskTimeout) {
        return EvalSettings.builder().agent("test-agent").model("test-model").maxIterations(7).taskTimeout(taskTimeout)
                .memoryBytes(512L << 20).cpus(1.5).network("none").buildArgs(Map.of("BASE_IMAGE", "arena-base:test")).build();
    }

    private TaskEvaluator evaluator(EvalSettings settings) {
        return new TaskEvaluator(provider, settings, store);
    }

    private Attempt attempt() {
        return new Attempt(RUN, dataset, dataset.tasks().get(0), 1, 1);
    }

    private TaskResult evaluate(Agent agent) throws InterruptedException {
        return evaluate(settings(TASK_TIMEOUT), agent);
    }

    private TaskResult evaluate(EvalSettings settings, Agent agent) throws InterruptedException {
        return evaluate(settings, agent, DIR);
    }

    private TaskResult evaluate(EvalSettings settings, Agent agent, String dir) throws InterruptedException {
        return evaluator(settings).evaluate(attempt(), agent, dir);
    }

    @FunctionalInterface
    interface Solve {
        AgentUsage solve(AgentContext ctx) throws EvaluationException, InterruptedException;
    }

    private static Agent agent(Solve solve) {
        return new Agent() {
            @Override
            public String name() {
                return "test-agent";
            }

            @Override
            public AgentUsage solve(AgentContext context) throws EvaluationException, InterruptedException {
                return solve.solve(context);
            }
        };
    }

    /** A store that records the order of writes. */
    static final class RecordingStore extends ForwardingArtifactStore {
        final List<String> writes = Collections.synchronizedList(new ArrayList<>());

        RecordingStore(ArtifactStore delegate) {
            super(delegate);
        }

        @Override
        public void put(String key, byte[] content, Map<String, String> metadata) {
            writes.add("put " + key);
            delegate.put(key, content, metadata);
        }

        @Override
        public boolean putIfAbsent(String key, byte[] content, Map<String, String> metadata) {
            writes.add("putIfAbsent " + key);
            return delegate.putIfAbsent(key, content, metadata);
        }

        @Override
        public void upload(String key, Path file, Map<String, String> metadata, LongConsumer bytesSent) {
            writes.add("upload " + key);
            delegate.upload(key, file, metadata, bytesSent);
        }
    }
}
