package dev.arena.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.agent.llm.Provider;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What differs between the coding-agent CLIs arena runs: which package and API they use, how they
 * are started non-interactively against the gateway, and how their JSON event stream reads as
 * trajectory steps. {@link ClaudeCodeCli} and {@link CodexCli} are the two.
 */
interface CliFlavor {
    AgentPackage agentPackage();

    /** The provider whose API the CLI speaks, so the model given must be one of its. */
    Provider provider();

    /** The variables the CLI is started with besides PATH and HOME: the gateway, the grant's token, the CLI's own switches. */
    Map<String, String> environment(URI gatewayBaseUrl, String token);

    /** The arguments after the executable, for {@code model} (the provider's own id) and the task's prompt. */
    List<String> arguments(URI gatewayBaseUrl, String model, String prompt);

    /** The steps of the CLI's event stream (one JSON object per line, in order). */
    List<CliTrajectory.Step> steps(List<JsonNode> events);
}
