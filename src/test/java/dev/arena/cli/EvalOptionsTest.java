package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.eval.EvalDefaults;
import dev.arena.eval.EvalSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalOptionsTest {
    private static EvalOptions parse(String... args) {
        EvalOptions o = new EvalOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    @Test
    void thePidsLimitAndNofileComeFromTheFlagsElseTheDefaults() {
        EvalSettings local = parse("--agent", "oracle").toSettings();
        assertEquals(1024, local.pidsLimit());
        assertEquals(4096, local.nofile());

        EvalSettings set = parse("--agent", "oracle", "--pids-limit", "300", "--nofile", "2048").toSettings();
        assertEquals(300, set.pidsLimit());
        assertEquals(2048, set.nofile());

        EvalDefaults cluster = new EvalDefaults("oracle", 35, Duration.ofMinutes(30), 500, 1000);
        EvalSettings deployed = parse().toSettings(cluster);
        assertEquals(500, deployed.pidsLimit(), "in the cluster: arena-config");
        assertEquals(1000, deployed.nofile());
        assertEquals(64, parse("--pids-limit", "64").toSettings(cluster).pidsLimit(), "a flag wins over arena-config");
    }

    @Test
    void limitsTooLowForATestRunnerAreUsageErrors() {
        ArenaException e = assertThrows(ArenaException.class, () -> parse("--agent", "oracle", "--pids-limit", "5").toSettings());
        assertTrue(e.getMessage().contains("--pids-limit") && e.getMessage().contains("at least 32"), e.getMessage());
        e = assertThrows(ArenaException.class, () -> parse("--agent", "oracle", "--nofile", "0").toSettings());
        assertTrue(e.getMessage().contains("--nofile") && e.getMessage().contains("at least 64"), e.getMessage());
    }

    @Test
    void theBuildTimeoutComesFromTheFlagElseThirtyMinutes() {
        assertEquals(Duration.ofMinutes(30), parse("--agent", "oracle").toSettings().buildTimeout());
        assertEquals(Duration.ofSeconds(3), parse("--agent", "oracle", "--build-timeout", "3s").toSettings().buildTimeout());
        ArenaException e = assertThrows(ArenaException.class, () -> parse("--agent", "oracle", "--build-timeout", "soon").toSettings());
        assertTrue(e.getMessage().contains("invalid duration 'soon'"), e.getMessage());
    }

    @Test
    void theCliAgentsGetTheInternalNetworkUnlessTheFlagSaysOtherwiseAndTheOthersTheBridge() {
        assertEquals("internal", EvalOptions.network(null, "claude-code"));
        assertEquals("internal", EvalOptions.network(null, "codex@0.171.0"));
        assertEquals("bridge", EvalOptions.network(null, "gladiator"));
        assertEquals("bridge", EvalOptions.network(null, "oracle"));
        assertEquals("bridge", EvalOptions.network("bridge", "claude-code"), "the flag wins");
        assertEquals("none", EvalOptions.network("none", "oracle"));
        assertEquals("bridge", parse("--agent", "oracle").toSettings().network());
    }

    @Test
    void theTaskBudgetFlagsAreCheckedAndOnlyForTheAgentsThatCallAModel() {
        assertEquals(new dev.arena.agent.llm.Budget(5000L, 0.25), EvalOptions.taskBudget("5000", "0.25"));
        assertEquals(dev.arena.agent.llm.Budget.NONE, EvalOptions.taskBudget(null, null));
        for (String bad : List.of("0", "-3", "lots", "1.5")) {
            ArenaException e = assertThrows(ArenaException.class, () -> EvalOptions.taskBudget(bad, null));
            assertEquals("--max-tokens-per-task must be a whole number of at least 1, not '" + bad + "'", e.getMessage());
            assertEquals(dev.arena.ExitCode.USAGE, e.exitCode());
        }
        for (String bad : List.of("0", "-1", "free", "NaN", "Infinity")) {
            ArenaException e = assertThrows(ArenaException.class, () -> EvalOptions.taskBudget(null, bad));
            assertEquals("--max-cost-per-task must be a number of USD above 0, not '" + bad + "'", e.getMessage());
        }
        for (String agent : List.of("oracle", "null")) {
            ArenaException refused = assertThrows(ArenaException.class,
                    () -> parse("--agent", agent, "--max-cost-per-task", "1").toSettings());
            assertEquals("--max-tokens-per-task and --max-cost-per-task are for the agents that call a model"
                    + " (gladiator, claude-code, codex), not " + agent, refused.getMessage());
        }
    }
}
