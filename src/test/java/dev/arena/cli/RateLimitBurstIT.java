package dev.arena.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.agent.llm.Provider;
import dev.arena.agent.llm.ProviderPaces;
import dev.arena.testing.ArenaProcess;
import dev.arena.testing.Fixtures;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.ScriptedModelServer;
import dev.arena.testing.ScriptedModelServer.Failure;
import dev.arena.testing.ScriptedModelServer.Protocol;
import dev.arena.testing.ScriptedModelServer.Reply;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole {@code arena run --local} of the gladiator on three tasks at once, against a model API
 * whose first six answers are 429s (three with {@code Retry-After}, three without): the one pace
 * of that provider in arena's process went down and came back up, and every task still ended with
 * a verdict of its own. The command runs in a JVM of its own ({@link PaceRecordingMain}), which
 * reports the levels the shared pace recorded; its fresh server address is a pace no other run touched.
 */
@RequiresDocker
class RateLimitBurstIT {
    private static final int TASKS = 3; // t1..t3
    private static final int REFUSALS = 6;

    @TempDir
    Path tmp;

    @Test
    void aBurstOf429sLowersTheSharedPaceWhichRisesAgainAndEveryTaskGetsAVerdict() throws Exception {
        Path datasets = tmp.resolve("datasets");
        Fixtures.valueDataset(datasets, "paced", "t1", "t2", "t3");
        List<Reply> script = List.of(
                Reply.tool("write_file", "{\"file_path\": \"value.txt\", \"content\": \"fixed\\n\"}"),
                Reply.tool("run_terminal_cmd", "{\"command\": \"cat value.txt\"}"),
                Reply.answer("Fixed."));
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.OPENAI, script)) {
            for (int i = 0; i < REFUSALS; i++) {
                Map<String, String> headers = i % 2 == 0 ? Map.of() : Map.of("Retry-After", "1");
                server.failFirst(new Failure(429, headers, "{\"error\": {\"message\": \"rate limit reached, slow down\"}}"));
            }
            Path runs = tmp.resolve("runs");
            List<String> command = new ArrayList<>(List.of("run", "--local", "--datasets-dir", datasets.toString(), "--datasets", "paced",
                    "--agent", "gladiator", "--model", "openai/gpt-4o", "--model-base-url", server.baseUrl(),
                    "--parallel", Integer.toString(TASKS), "--runs-dir", runs.toString(), "--run-id", "burst", "--task-timeout", "10m"));
            command.addAll(TestImages.buildArgFlags());

            Path paceFile = tmp.resolve("pace.json");
            ArenaProcess.Outcome outcome = ArenaProcess.run(tmp, Map.of("OPENAI_API_KEY", "sk-test-burst",
                    "ARENA_TEST_PACE", Provider.OPENAI + " " + server.baseUrl(), "ARENA_TEST_PACE_FILE", paceFile.toString()),
                    PaceRecordingMain.class.getName(), command);

            assertEquals(0, outcome.exit(), outcome.err());
            List<Integer> levels = new ArrayList<>();
            Json.mapper().readTree(paceFile.toFile()).forEach(l -> levels.add(l.path("level").asInt()));
            assertEquals(ProviderPaces.START_LIMIT, levels.get(0), "a fresh pace starts at the default: " + levels);
            int lowest = levels.stream().mapToInt(Integer::intValue).min().orElseThrow();
            int lowestAt = levels.indexOf(lowest);
            // every retry is sent after its own 429 lowered the cap, so a 429 to a retry lowers it again: at least two halvings
            assertTrue(lowest <= ProviderPaces.START_LIMIT / 4, "the 429s lowered the cap of calls in flight: " + levels);
            assertTrue(levels.subList(lowestAt, levels.size()).stream().anyMatch(l -> l > lowest),
                    "the successes after the burst raised it again: " + levels);

            long refused = REFUSALS;
            assertEquals(TASKS * script.size() + refused, server.requests().size(), "three calls per task plus the six refused ones");
            for (int i = 1; i <= TASKS; i++) {
                JsonNode result = Json.mapper().readTree(runs.resolve("burst/paced/t" + i + "/result.json").toFile());
                assertEquals("passed", result.path("verdict").asText(), result.toString());
                assertEquals(3, result.path("iterations").asInt(), result.toString());
            }
        }
    }
}
