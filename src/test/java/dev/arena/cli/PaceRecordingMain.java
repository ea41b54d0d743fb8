package dev.arena.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.Json;
import dev.arena.agent.llm.ProviderPace;
import dev.arena.agent.llm.ProviderPaces;
import dev.arena.agent.llm.Provider;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs the command line in-process ({@link ArenaCli}) in a JVM of its own, then writes what it
 * printed and the levels of one provider's shared {@link ProviderPace} as JSON. A JVM of its own
 * because the agents read their API key from the environment, which a test cannot set in its own
 * process; reading the pace in the process that ran the command is what shows one limiter for all tasks.
 * Arguments: the JSON file to write, the provider's prefix, its base URL, then the command line.
 */
public final class PaceRecordingMain {
    private PaceRecordingMain() {
    }

    public static void main(String[] args) throws Exception {
        Path outFile = Path.of(args[0]);
        Provider provider = Provider.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
        String baseUrl = args[2];
        ArenaCli.Result result = ArenaCli.run(Arrays.copyOfRange(args, 3, args.length));
        ObjectNode json = Json.mapper().createObjectNode().put("code", result.code()).put("out", result.out()).put("err", result.err());
        ArrayNode levels = json.putArray("levels");
        for (ProviderPace.Level level : ProviderPaces.shared().pace(provider, baseUrl).levels()) {
            levels.addObject().put("time", level.time().toString()).put("level", level.level());
        }
        Json.mapper().writeValue(outFile.toFile(), json);
        System.exit(0);
    }
}
