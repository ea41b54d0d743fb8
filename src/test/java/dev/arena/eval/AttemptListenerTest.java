package dev.arena.eval;

import dev.arena.agent.Agent;
import dev.arena.agent.AgentContext;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.result.AgentUsage;
import dev.arena.result.Phase;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.store.LocalStore;
import dev.arena.store.RunLayout;
import dev.arena.testing.FakeSandboxProvider;
import dev.arena.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.arena.testing.FakeSandboxProvider.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task log reaches a listener entry by entry while the attempt runs, and adds up to the stored task.log. */
class AttemptListenerTest {
    private static final String DIR = new RunLayout("run-1", 1).attemptDir("ds", "t1", 1);

    @TempDir
    Path root;

    /** Records what it is told; {@code entries} as a pod's stdout would see them. */
    static final class Recorder implements AttemptListener {
        final List<String> entries = Collections.synchronizedList(new ArrayList<>());
        final List<Phase> phases = Collections.synchronizedList(new ArrayList<>());
        final List<TaskResult> finished = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void logged(String entry) {
            entries.add(entry);
        }

        @Override
        public void phase(Phase phase) {
            phases.add(phase);
        }

        @Override
        public void finished(TaskResult result) {
            finished.add(result);
        }
    }

    @Test
    void entriesArriveAsTheyAreLoggedAndJoinToTheStoredTaskLog() throws Exception {
        Path dir = Fixtures.dataset(root, "ds", "COPY . ./\n", "#!/bin/sh\nsh tasks/$1/task_tests.sh\n", Map.of("value.txt", "broken\n"));
        Fixtures.task(dir, "t1", Fixtures.FIX_VALUE_DIFF, Map.of("task_tests.sh", "true\n"));
        Dataset dataset = DatasetLoader.load(dir);
        LocalStore store = new LocalStore(root.resolve("runs"));
        FakeSandboxProvider provider = new FakeSandboxProvider()
                .on("diff --cached", FakeSandboxProvider.agentDiff(Fixtures.FIX_VALUE_DIFF))
                .on("\\./run_tests\\.sh", (s, m, t) -> ok("1 passed, 0 failed\n"));
        Recorder recorder = new Recorder();
        List<String> seenDuringAgent = new ArrayList<>();
        List<Phase> phasesDuringAgent = new ArrayList<>();
        Agent agent = new Agent() {
            @Override
            public String name() {
                return "test-agent";
            }

            @Override
            public AgentUsage solve(AgentContext context) {
                context.log().accept("thinking about the task\nsecond line of the thought");
                // mid-attempt: the entry is already out, nothing is stored yet
                seenDuringAgent.addAll(recorder.entries);
                phasesDuringAgent.addAll(recorder.phases);
                assertFalse(store.exists(DIR + RunLayout.TASK_LOG), "task.log is stored only at the end");
                return new AgentUsage(1, 10, 5, null);
            }
        };
        EvalSettings settings = EvalSettings.builder().agent("test-agent").model("m").maxIterations(7)
                .taskTimeout(Duration.ofMinutes(10)).memoryBytes(512L << 20).cpus(1.5).network("none")
                .buildArgs(Map.of("BASE_IMAGE", "arena-base:test")).build();

        TaskResult result = new TaskEvaluator(provider, settings, store)
                .evaluate(new Attempt("run-1", dataset, dataset.tasks().get(0), 1, 1), agent, DIR, recorder);

        assertEquals(Verdict.PASSED, result.verdict());
        assertTrue(seenDuringAgent.get(seenDuringAgent.size() - 1).endsWith("] thinking about the task\nsecond line of the thought"),
                seenDuringAgent.toString());
        assertTrue(seenDuringAgent.get(0).contains("evaluating ds/t1 with agent test-agent"), seenDuringAgent.toString());
        assertEquals(List.of(Phase.IMAGE, Phase.SANDBOX, Phase.AGENT), phasesDuringAgent);
        assertEquals(List.of(Phase.IMAGE, Phase.SANDBOX, Phase.AGENT, Phase.PATCH, Phase.GRADING), recorder.phases);
        assertEquals(List.of(result), recorder.finished);
        String stored = new String(store.get(DIR + RunLayout.TASK_LOG).orElseThrow(), StandardCharsets.UTF_8);
        assertEquals(stored, String.join("\n", recorder.entries) + "\n", "the entries are the stored task.log, line for line");
    }
}
