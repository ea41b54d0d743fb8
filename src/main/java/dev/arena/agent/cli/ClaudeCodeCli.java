package dev.arena.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.agent.llm.Provider;
import dev.arena.agent.llm.TokenUsage;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Claude Code in print mode: {@code claude -p PROMPT --output-format stream-json --verbose
 * --dangerously-skip-permissions --model M}. Its stream has one {@code assistant} line per content
 * block (text or tool_use) carrying the model message's id, so lines with the same id are one model
 * call; tool results come back in {@code user} lines by {@code tool_use_id}.
 */
final class ClaudeCodeCli implements CliFlavor {
    @Override
    public AgentPackage agentPackage() {
        return AgentPackages.CLAUDE_CODE;
    }

    @Override
    public Provider provider() {
        return Provider.ANTHROPIC;
    }

    @Override
    public Map<String, String> environment(URI gatewayBaseUrl, String token) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ANTHROPIC_BASE_URL", gatewayBaseUrl.toString());
        env.put("ANTHROPIC_API_KEY", token);
        // task containers run as root, where --dangerously-skip-permissions is refused without it
        env.put("IS_SANDBOX", "1");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        return env;
    }

    @Override
    public List<String> arguments(URI gatewayBaseUrl, String model, String prompt) {
        return List.of("-p", prompt, "--output-format", "stream-json", "--verbose", "--dangerously-skip-permissions", "--model", model);
    }

    @Override
    public List<CliTrajectory.Step> steps(List<JsonNode> events) {
        List<CliTrajectory.Step> steps = new ArrayList<>();
        Map<String, CliTrajectory.Step> byMessage = new HashMap<>();
        Map<String, CliTrajectory.Call> callsById = new HashMap<>();
        for (JsonNode event : events) {
            String type = event.path("type").asText();
            if (type.equals("assistant") && event.path("parent_tool_use_id").isNull()) {
                JsonNode message = event.path("message");
                String id = message.path("id").asText("");
                CliTrajectory.Step step = id.isEmpty() ? null : byMessage.get(id);
                if (step == null) {
                    step = new CliTrajectory.Step(steps.size() + 1, usage(message.path("usage")));
                    steps.add(step);
                    if (!id.isEmpty()) {
                        byMessage.put(id, step);
                    }
                }
                for (JsonNode block : message.path("content")) {
                    switch (block.path("type").asText()) {
                        case "text" -> step.text(block.path("text").asText(""));
                        case "tool_use" -> {
                            CliTrajectory.Call call = step.call(block.path("id").asText(""), block.path("name").asText(""), block.path("input"));
                            callsById.put(call.id(), call);
                        }
                        default -> { } // thinking blocks are not part of the schema's steps
                    }
                }
            } else if (type.equals("user")) {
                for (JsonNode block : event.path("message").path("content")) {
                    CliTrajectory.Call call = callsById.get(block.path("tool_use_id").asText(""));
                    if (block.path("type").asText().equals("tool_result") && call != null) {
                        call.result(text(block.path("content")), block.path("is_error").asBoolean(false));
                    }
                }
            }
        }
        return steps;
    }

    /** A tool result's content: a string, or a list of blocks whose text parts are joined. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode block : content) {
            if (block.has("text")) {
                out.append(out.length() > 0 ? "\n" : "").append(block.path("text").asText());
            }
        }
        return out.toString();
    }

    private static TokenUsage usage(JsonNode u) {
        if (!u.isObject()) {
            return null;
        }
        return new TokenUsage(u.path("input_tokens").asLong(), u.path("output_tokens").asLong(),
                u.path("cache_read_input_tokens").asLong(), u.path("cache_creation_input_tokens").asLong());
    }
}
