package dev.arena.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.agent.AgentSettings;
import dev.arena.agent.cli.AgentPackages;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.result.TaskResult;
import dev.arena.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Agent names with versions: which agents take one, what is recorded in result.json, what is refused. */
class AgentsTest {
    @TempDir
    Path root;

    @Test
    void theCliAgentsAreListedAndCallAModelWithOrWithoutAVersion() {
        assertTrue(Agents.names().containsAll(java.util.List.of("claude-code", "codex", "gladiator")), Agents.names().toString());
        assertTrue(Agents.callsAModel("claude-code"));
        assertTrue(Agents.callsAModel("codex@0.171.0"));
        assertFalse(Agents.callsAModel("oracle"));
        assertTrue(Agents.isCli("codex@0.171.0"));
        assertFalse(Agents.isCli("gladiator"));
    }

    @Test
    void theVersionIsTheOneGivenElseTheCliPinnedOne() {
        assertEquals("2.0.1", Agents.versionOf("claude-code@2.0.1"));
        assertEquals(AgentPackages.CLAUDE_CODE.defaultVersion(), Agents.versionOf("claude-code"));
        assertEquals(AgentPackages.CODEX.defaultVersion(), Agents.versionOf("codex"));
        assertNull(Agents.versionOf("gladiator"));
        assertEquals("claude-code", Agents.baseName("claude-code@2.0.1"));
    }

    @Test
    void aVersionIsRefusedWhereItMeansNothingOrIsNotOne() {
        ArenaException unversioned = assertThrows(ArenaException.class, () -> Agents.create(new AgentSettings("oracle@1.0", null, null, 10)));
        assertEquals(ExitCode.USAGE, unversioned.exitCode());
        assertTrue(unversioned.getMessage().contains("no versions"), unversioned.getMessage());
        ArenaException malformed = assertThrows(ArenaException.class,
                () -> Agents.create(new AgentSettings("claude-code@1.0;rm -rf", "anthropic/claude-sonnet-4-6", null, 10)));
        assertTrue(malformed.getMessage().contains("is not a version of claude-code"), malformed.getMessage());
        ArenaException unknown = assertThrows(ArenaException.class, () -> Agents.create(new AgentSettings("claude", null, null, 10)));
        assertTrue(unknown.getMessage().startsWith("unknown agent 'claude'"), unknown.getMessage());
    }

    @Test
    void resultJsonRecordsTheAgentByNameAndItsVersionApart() throws Exception {
        Path dir = Fixtures.dataset(root, "ds", "COPY . ./\n", "#!/bin/sh\n", Map.of("value.txt", "x\n"));
        Fixtures.task(dir, "t1", Fixtures.FIX_VALUE_DIFF, Map.of("task_tests.sh", "true\n"));
        Dataset dataset = DatasetLoader.load(dir);
        Attempt attempt = new Attempt("run-1", dataset, dataset.tasks().get(0), 1, 1);

        TaskResult versioned = new ResultBuilder(attempt, settings("claude-code@2.0.1")).build();
        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsBytes(versioned));
        assertEquals("claude-code", json.path("agent").asText());
        assertEquals("2.0.1", json.path("agent_version").asText());
        assertEquals(versioned, TaskResult.parse(Json.mapper().writeValueAsBytes(versioned)).orElseThrow(), "it reads back");

        assertEquals(AgentPackages.CODEX.defaultVersion(), new ResultBuilder(attempt, settings("codex")).build().agentVersion());
        assertNull(new ResultBuilder(attempt, settings("oracle")).build().agentVersion());
    }

    private static EvalSettings settings(String agent) {
        return EvalSettings.builder().agent(agent).maxIterations(7).taskTimeout(Duration.ofMinutes(10))
                .memoryBytes(512L << 20).cpus(1.5).build();
    }
}
