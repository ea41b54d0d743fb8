package dev.arena.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.Json;
import dev.arena.agent.llm.Provider;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Codex non-interactively: {@code codex exec --json} with a model provider of arena's own that
 * points at the gateway and reads the token from {@code OPENAI_API_KEY} (Responses API, which
 * Codex streams); its state goes to {@code $HOME/.codex}. Its stream is item events, not model calls: an {@code agent_message} opens a
 * step, and the commands, file changes and tool calls after it are that step's tool calls.
 */
final class CodexCli implements CliFlavor {
    private static final String PROVIDER_ID = "arena";

    @Override
    public AgentPackage agentPackage() {
        return AgentPackages.CODEX;
    }

    @Override
    public Provider provider() {
        return Provider.OPENAI;
    }

    @Override
    public Map<String, String> environment(URI gatewayBaseUrl, String token) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OPENAI_API_KEY", token);
        return env;
    }

    @Override
    public List<String> arguments(URI gatewayBaseUrl, String model, String prompt) {
        // a provider of arena's own: Codex ignores OPENAI_BASE_URL, and its built-in provider tries a WebSocket first
        return List.of("exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox",
                "-c", "model_providers." + PROVIDER_ID + "={name=\"arena\",base_url=\"" + gatewayBaseUrl
                        + "\",env_key=\"OPENAI_API_KEY\",wire_api=\"responses\"}",
                "-c", "model_provider=" + PROVIDER_ID,
                "-m", model, prompt);
    }

    @Override
    public List<CliTrajectory.Step> steps(List<JsonNode> events) {
        List<CliTrajectory.Step> steps = new ArrayList<>();
        CliTrajectory.Step step = null;
        for (JsonNode event : events) {
            if (!event.path("type").asText().equals("item.completed")) {
                continue; // item.started repeats what item.completed says in full
            }
            JsonNode item = event.path("item");
            String kind = item.path("type").asText();
            if (kind.equals("error") || kind.equals("reasoning")) {
                continue;
            }
            if (kind.equals("agent_message") || step == null) {
                step = new CliTrajectory.Step(steps.size() + 1, null);
                steps.add(step);
            }
            switch (kind) {
                case "agent_message" -> step.text(item.path("text").asText(""));
                case "command_execution" -> {
                    ObjectNode args = Json.mapper().createObjectNode().put("command", item.path("command").asText(""));
                    int exit = item.path("exit_code").asInt(-1);
                    step.call(item.path("id").asText(""), "command_execution", args)
                            .result(item.path("aggregated_output").asText(""), exit != 0);
                }
                default -> {
                    // file_change, mcp_tool_call, web_search, todo_list: the item itself is the call
                    ObjectNode args = item.deepCopy();
                    args.remove("id");
                    args.remove("type");
                    step.call(item.path("id").asText(""), kind, args)
                            .result("", item.path("status").asText("").equals("failed"));
                }
            }
        }
        return steps;
    }
}
