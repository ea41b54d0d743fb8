package dev.arena.eval;

import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.agent.Agent;
import dev.arena.agent.AgentContext;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.result.AgentUsage;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.sandbox.DockerEngine;
import dev.arena.store.LocalStore;
import dev.arena.testing.Fixtures;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The integrity rules on the real Docker engine: the agent finds nothing of the hidden tests or
 * the gold diff (even a gold diff that touches tasks/), cannot rig the grader, sees none of the
 * host's environment, and its verdict comes from its patch graded in another container.
 */
@RequiresDocker
class IntegrityIT {
    private static final String GOLD_SECRET = "SECRET-GOLD-DIFF-42";
    private static final String TEST_SECRET = "SECRET-HIDDEN-TEST-42";
    private static final Set<String> CONTAINER_ENV = Set.of("PATH", "HOSTNAME", "HOME", "PWD", "SHLVL", "_", "OLDPWD", "TERM");

    @TempDir
    static Path root;
    static DockerEngine engine;
    static Dataset dataset;

    @BeforeAll
    static void setUp() {
        engine = DockerEngine.connect();
        Path dir = Fixtures.dataset(root, "integrity", "COPY . ./\n",
                "#!/bin/sh\nsh tasks/$1/task_tests.sh\n", Map.of("value.txt", "broken\n"));
        Fixtures.task(dir, "t1", Fixtures.FIX_VALUE_DIFF + """
                diff --git a/tasks/t1/notes.txt b/tasks/t1/notes.txt
                new file mode 100644
                --- /dev/null
                +++ b/tasks/t1/notes.txt
                @@ -0,0 +1 @@
                +%s
                """.formatted(GOLD_SECRET), Map.of("task_tests.sh", """
                # %s
                if grep -q fixed /app/value.txt; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; exit 1; fi
                """.formatted(TEST_SECRET)));
        dataset = DatasetLoader.load(dir);
    }

    @AfterAll
    static void tearDown() {
        engine.close();
    }

    @Test
    void anAgentThatLooksEverywhereFindsNoHiddenTestOrGoldDiff() throws Exception {
        SpyAgent spy = new SpyAgent();
        TaskResult result = evaluate(spy, "spy");

        assertTrue(spy.seen.contains("value.txt"), "the spy did look at /app: " + spy.seen);
        assertTrue(spy.seen.contains("not a git repository"), "/app is no git repository: there is no history to read:\n" + spy.seen);
        assertFalse(spy.seen.contains(GOLD_SECRET), "gold diff leaked:\n" + spy.seen);
        assertFalse(spy.seen.contains(TEST_SECRET), "hidden test leaked:\n" + spy.seen);
        // run_tests.sh (in the image by design) names the hidden test file; the file itself must not exist
        // find prints absolute paths, ls prints names after a space
        assertTrue(spy.seen.lines().noneMatch(l -> l.matches("(^/\\S*/|.* )(task_tests\\.sh|task_diff\\.txt)")),
                "a hidden file is present in the container:\n" + spy.seen);
        assertEquals(Verdict.FAILED, result.verdict(), "the hidden tests ran after the agent: " + result);
    }

    @Test
    void theContainerSeesNoneOfTheHostEnvironment() throws Exception {
        SpyAgent spy = new SpyAgent();
        evaluate(spy, "env");
        String env = spy.seen.substring(spy.seen.indexOf("ENV-START") + 10, spy.seen.indexOf("ENV-END"));
        Set<String> names = Set.copyOf(Arrays.stream(env.strip().split("\n")).map(l -> l.split("=", 2)[0]).toList());
        assertTrue(CONTAINER_ENV.containsAll(names), "unexpected variables in the task container: " + names);
    }

    @Test
    void anAgentCannotRigTheGraderOrPlantTests() throws Exception {
        Agent cheater = new Agent() {
            @Override
            public String name() {
                return "cheater";
            }

            @Override
            public AgentUsage solve(AgentContext ctx) throws InterruptedException {
                ctx.sandbox().exec("printf '#!/bin/sh\\necho \"9 passed, 0 failed\"\\nexit 0\\n' > run_tests.sh"
                        + " && mkdir -p tasks/t1 && printf 'echo \"1 passed, 0 failed\"\\n' > tasks/t1/task_tests.sh", Duration.ofSeconds(30));
                return AgentUsage.NONE;
            }
        };
        TaskResult result = evaluate(cheater, "cheat");
        assertEquals(Verdict.FAILED, result.verdict(), "fresh grader files must overwrite the agent's: " + result);
        assertEquals(1, result.testsFailed());
        assertEquals(List.of("run_tests.sh", "tasks/t1/task_tests.sh"), result.protectedChanges(), "recorded, not applied");
        assertEquals("", patch("cheat"), "nothing else changed");
    }

    @Test
    void anHonestFixPassesAndPatchDiffIsWhatWasGraded() throws Exception {
        TaskResult result = evaluate(fixer(""), "honest");
        assertEquals(Verdict.PASSED, result.verdict(), result.toString());
        assertEquals(List.of(), result.protectedChanges());
        assertTrue(patch("honest").contains("-broken\n+fixed"), patch("honest"));
    }

    @Test
    void theVerdictDoesNotDependOnWhatTheAgentLeftOfItsContainer() throws Exception {
        // fixes the task, then breaks its own container: no shell, no git, no coreutils left for arena to use there
        TaskResult result = evaluate(fixer(" && rm -rf /usr/bin/git /bin/bash /usr/bin/bash /bin/sh /usr/bin/sh /bin/dash /usr/bin/dash"), "wrecker");
        assertEquals(Verdict.PASSED, result.verdict(), "the change is read through the engine and graded elsewhere: " + result);
        assertTrue(patch("wrecker").contains("+fixed"), patch("wrecker"));
    }

    @Test
    void anAgentThatRemovesOrReplacesAppFailsRatherThanErrs() throws Exception {
        for (String how : List.of("cd / && rm -rf /app", "cd / && rm -rf /app && ln -s /etc /app")) {
            String runId = "gone-" + how.length();
            TaskResult result = evaluate(command(how), runId);
            assertEquals(Verdict.FAILED, result.verdict(), how + ": the agent's doing is a failure, never an error: " + result);
            assertTrue(patch(runId).contains("deleted file mode 100644") && patch(runId).contains("-broken"), patch(runId));
        }
    }

    private static Agent command(String command) {
        return new Agent() {
            @Override
            public String name() {
                return "command";
            }

            @Override
            public AgentUsage solve(AgentContext ctx) throws InterruptedException {
                ctx.sandbox().exec(command, Duration.ofSeconds(30));
                return AgentUsage.NONE;
            }
        };
    }

    private static Agent fixer(String andThen) {
        return new Agent() {
            @Override
            public String name() {
                return "fixer";
            }

            @Override
            public AgentUsage solve(AgentContext ctx) throws InterruptedException {
                ctx.sandbox().exec("echo fixed > value.txt" + andThen, Duration.ofSeconds(30));
                return AgentUsage.NONE;
            }
        };
    }

    private static String patch(String runId) throws java.io.IOException {
        return java.nio.file.Files.readString(root.resolve("runs").resolve(runId).resolve("patch.diff"));
    }

    private TaskResult evaluate(Agent agent, String runId) throws InterruptedException {
        TaskEvaluator evaluator = new TaskEvaluator(new DockerSandboxProvider(engine), TestImages.settings(agent.name(), Duration.ofMinutes(2)),
                new LocalStore(root.resolve("runs")));
        return evaluator.evaluate(new Attempt(runId, dataset, dataset.tasks().get(0), 1, 1), agent, runId + "/");
    }

    /** Runs the commands a curious agent would and keeps everything they printed. */
    private static final class SpyAgent implements Agent {
        String seen = "";

        @Override
        public String name() {
            return "spy";
        }

        @Override
        public AgentUsage solve(AgentContext ctx) throws InterruptedException {
            seen = ctx.sandbox().exec("ls -laR /app; cat /app/tasks/*/* 2>&1; git log -p --all 2>&1;"
                    + " grep -rIl -e 'SECRET-GOLD' -e 'SECRET-HIDDEN' / --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev 2>/dev/null;"
                    + " find / -name 'task_*' -not -path '/proc/*' 2>/dev/null;"
                    + " echo ENV-START; env; echo ENV-END", Duration.ofMinutes(2)).output();
            return AgentUsage.NONE;
        }
    }
}
