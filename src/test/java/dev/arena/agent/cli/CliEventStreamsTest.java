package dev.arena.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.agent.llm.TokenUsage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLIs' own event streams read as trajectory steps. The samples were recorded from the real
 * executables (Claude Code 2.1.332, Codex 0.171.0) run on this host against a small scripted
 * server that asked for one shell command and then answered, so the shapes are the CLIs' own.
 */
class CliEventStreamsTest {

    @Test
    void claudeCodeLinesOfOneMessageAreOneStepAndToolResultsJoinTheirCalls() throws IOException {
        List<CliTrajectory.Step> steps = new ClaudeCodeCli().steps(sample("claude-code-stream.jsonl"));

        assertEquals(2, steps.size(), "two model calls, though the first came as two assistant lines");
        CliTrajectory.Step first = steps.get(0);
        assertEquals(1, first.index);
        assertEquals("I will create the file.", first.text.toString());
        assertEquals(new TokenUsage(100, 1, 10, 5), first.usage);
        assertEquals(1, first.calls.size());
        CliTrajectory.Call bash = first.calls.get(0);
        assertEquals("toolu_1", bash.id());
        assertEquals("Bash", bash.name);
        assertEquals("echo hello > hello.txt && cat hello.txt", bash.arguments.path("command").asText());
        assertEquals("hello", bash.result);
        assertFalse(bash.isError);
        assertEquals("Done: hello.txt created.", steps.get(1).text.toString());
        assertTrue(steps.get(1).calls.isEmpty());
    }

    @Test
    void codexAgentMessagesOpenStepsAndCommandsAreTheirCalls() throws IOException {
        List<CliTrajectory.Step> steps = new CodexCli().steps(sample("codex-exec.jsonl"));

        assertEquals(2, steps.size(), "the model-metadata warning item is not a step");
        CliTrajectory.Step first = steps.get(0);
        assertEquals("I will create the file.", first.text.toString());
        assertNull(first.usage, "codex reports usage per turn only; the gateway's totals cover it");
        assertEquals(1, first.calls.size(), "item.started and item.completed of one command are one call");
        CliTrajectory.Call command = first.calls.get(0);
        assertEquals("item_2", command.id());
        assertEquals("command_execution", command.name);
        assertEquals("/bin/bash -lc 'echo hello > hello.txt && cat hello.txt'", command.arguments.path("command").asText());
        assertEquals("hello\n", command.result);
        assertFalse(command.isError);
        assertEquals("Done: hello.txt created.", steps.get(1).text.toString());
    }

    @Test
    void theFileFollowsTheTrajectorySchemaAndKeepsLongOutputsOnce() throws IOException {
        List<CliTrajectory.Step> steps = new ClaudeCodeCli().steps(sample("claude-code-stream.jsonl"));
        String longOutput = "x".repeat(CliTrajectory.LISTING_LIMIT + 10);
        steps.get(0).calls.get(0).result(longOutput, true);

        JsonNode file = Json.mapper().readTree(CliTrajectory.toJson("claude-code", "anthropic/claude-sonnet-4-6", "the task",
                "answered", null, steps, new TokenUsage(200, 24, 20, 10), 0.25));

        assertEquals(1, file.path("schema").asInt());
        assertEquals("claude-code", file.path("agent").asText());
        assertEquals("answered", file.path("stop_reason").asText());
        assertEquals("the task", file.path("prompt").asText());
        assertEquals(200, file.path("usage").path("input_tokens").asLong());
        assertEquals(20, file.path("usage").path("cache_read_tokens").asLong());
        assertEquals(0.25, file.path("cost_usd").asDouble());
        JsonNode call = file.path("steps").get(0).path("tool_calls").get(0);
        assertEquals("Bash", call.path("name").asText());
        assertEquals(CliTrajectory.LISTING_LIMIT, call.path("result").asText().length());
        assertEquals(longOutput, file.path("outputs").path(call.path("output_ref").asText()).asText());
        assertTrue(call.path("is_error").asBoolean());
        assertEquals(100, file.path("steps").get(0).path("usage").path("input_tokens").asLong());
    }

    static List<JsonNode> sample(String name) throws IOException {
        try (InputStream in = CliEventStreamsTest.class.getResourceAsStream("/agent-cli/" + name)) {
            List<JsonNode> events = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    events.add(Json.mapper().readTree(line));
                }
            }
            return events;
        }
    }
}
