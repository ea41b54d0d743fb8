package dev.arena.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.ModelRef;
import dev.arena.agent.llm.TokenUsage;
import dev.arena.testing.ArenaProcess;
import dev.arena.testing.Fixtures;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.ScriptedModelServer;
import dev.arena.testing.ScriptedModelServer.Protocol;
import dev.arena.testing.ScriptedModelServer.Reply;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code arena run --local --max-cost} end to end: the command line ({@link ArenaProcess}, in a JVM of
 * its own for the key), the gladiator against a scripted gpt-4o (every call priced from the
 * bundled catalog), three tasks one at a time in real Docker containers. The cap is half of one
 * call, so the first attempt's first call spends it: that attempt is refused its second call and
 * graded, the other two never start, and the run ends naming its resume. The resume with a
 * higher cap evaluates exactly those two.
 */
@RequiresDocker
class RunBudgetIT {
    private static final ModelRef MODEL = ModelRef.parse("openai/gpt-4o");
    /** One scripted call: 1000 prompt tokens of which 200 cached, 50 output. */
    private static final double CALL = ModelCatalog.bundled().prices(MODEL).orElseThrow().cost(new TokenUsage(800, 50, 200, 0));

    @TempDir
    Path tmp;

    @Test
    void aCapSpentByTheFirstAttemptLeavesTheOthersToAResumeWithAHigherCap() throws Exception {
        Path datasets = tmp.resolve("datasets");
        Fixtures.valueDataset(datasets, "capped", "t1", "t2", "t3");
        // each attempt: fix the file, then say so
        List<Reply> script = List.of(Reply.tool("write_file", "{\"file_path\": \"value.txt\", \"content\": \"fixed\\n\"}"),
                Reply.answer("Fixed."));
        Path runs = tmp.resolve("runs");
        Path run = runs.resolve("budget");
        try (ScriptedModelServer server = new ScriptedModelServer(Protocol.OPENAI, script)) {
            List<String> first = new ArrayList<>(List.of("run", "--local", "--datasets-dir", datasets.toString(), "--datasets", "capped",
                    "--agent", "gladiator", "--model", MODEL.name(), "--model-base-url", server.baseUrl(), "--parallel", "1",
                    "--runs-dir", runs.toString(), "--run-id", "budget", "--task-timeout", "10m", "--max-cost", Double.toString(CALL / 2)));
            first.addAll(TestImages.buildArgFlags());

            ArenaProcess.Outcome capped = ArenaProcess.run(tmp, Map.of("OPENAI_API_KEY", "sk-test-budget"), first);

            assertEquals(1, capped.exit(), capped.err());
            assertEquals("budget", capped.out().strip());
            assertEquals(1, server.requests().size(), "the second call was refused");
            assertEquals(List.of(run.resolve("capped/t1/result.json")), results(run), "exactly the first attempt has a result");
            JsonNode result = Json.mapper().readTree(run.resolve("capped/t1/result.json").toFile());
            assertEquals("passed", result.path("verdict").asText(), "its work before the refusal is graded: " + result);
            assertEquals(CALL, result.path("cost_usd").asDouble(), 1e-12);
            assertEquals("budget", Json.mapper().readTree(run.resolve("capped/t1/trajectory.json").toFile()).path("stop_reason").asText());
            assertFalse(Files.exists(run.resolve("capped/t2")), "an attempt never started leaves nothing");
            String end = "run budget $" + dev.arena.agent.llm.RunSpend.usd(CALL / 2) + " spent ($" + dev.arena.agent.llm.RunSpend.usd(CALL)
                    + " used): 2 attempt(s) not started; resume with ./arena.sh run --local --resume budget --runs-dir " + runs
                    + " --max-cost USD";
            assertTrue(capped.errLines().contains(end), capped.err());

            ArenaProcess.Outcome resumed = ArenaProcess.run(tmp, Map.of("OPENAI_API_KEY", "sk-test-budget"),
                    List.of("run", "--local", "--resume", "budget", "--runs-dir", runs.toString(), "--max-cost", "1"));

            assertEquals(0, resumed.exit(), resumed.err());
            assertEquals(1 + 2 * 2, server.requests().size(), "the two attempts left, two calls each");
            assertEquals(List.of(run.resolve("capped/t1/result.json"), run.resolve("capped/t2/result.json"), run.resolve("capped/t3/result.json")),
                    results(run));
            for (String task : List.of("t2", "t3")) {
                JsonNode r = Json.mapper().readTree(run.resolve("capped/" + task + "/result.json").toFile());
                assertEquals("passed", r.path("verdict").asText(), r.toString());
                assertEquals("answered", Json.mapper().readTree(run.resolve("capped/" + task + "/trajectory.json").toFile())
                        .path("stop_reason").asText());
            }
            assertEquals(1.0, Json.mapper().readTree(run.resolve("run.json").toFile()).path("max_cost_usd").asDouble(), "the new cap is stored");
            assertFalse(resumed.err().contains("not started"), resumed.err());
        }
    }

    /** The run's result.json files, sorted. */
    private static List<Path> results(Path run) throws Exception {
        try (Stream<Path> files = Files.walk(run)) {
            return files.filter(f -> f.getFileName().toString().equals("result.json")).sorted().toList();
        }
    }
}
