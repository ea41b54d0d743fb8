package dev.arena.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.Json;
import dev.arena.agent.llm.Provider;
import dev.arena.agent.llm.ProviderPace;
import dev.arena.agent.llm.ProviderPaces;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link ArenaCli} in a JVM of its own with the environment a test chooses: the agents read their
 * API key from the environment, which a test cannot set in its own process. The child runs the
 * command line in-process and writes its exit code, stdout and stderr to a JSON file, and, when
 * asked, the levels one provider's shared {@link ProviderPace} recorded in that process (the one
 * limiter every task of the run used).
 */
final class ArenaCliProcess {
    /** Keys and addresses that must not leak from the developer's shell into the child. */
    private static final List<String> CLEARED = List.of("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL",
            "OPENROUTER_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY");
    private static final String NO_PACE = "-";

    private ArenaCliProcess() {
    }

    /** Runs {@code args} in a child JVM with {@code env} added (the bundled model catalog: no user catalog is read). */
    static ArenaCli.Result run(Path tmp, Map<String, String> env, List<String> args) throws Exception {
        JsonNode r = report(tmp, env, NO_PACE, args);
        return new ArenaCli.Result(r.path("code").asInt(), r.path("out").asText(), r.path("err").asText());
    }

    /**
     * As {@link #run}, and the child's record also holds {@code levels}: each change of the pace of
     * {@code provider} at {@code baseUrl}, as {@code {time, level}}.
     */
    static JsonNode runRecordingPace(Path tmp, Map<String, String> env, Provider provider, String baseUrl, List<String> args) throws Exception {
        return report(tmp, env, provider.name() + " " + baseUrl, args);
    }

    private static JsonNode report(Path tmp, Map<String, String> env, String pace, List<String> args) throws Exception {
        Path report = Files.createTempFile(tmp, "cli-", ".json");
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ArenaCliProcess.class.getName(), report.toString(), pace));
        java.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(java);
        CLEARED.forEach(builder.environment()::remove);
        builder.environment().put("ARENA_SETTINGS", tmp.resolve("no-settings.json").toString());
        builder.environment().putAll(env);
        Path log = Files.createTempFile(tmp, "jvm-", ".txt");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = builder.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("arena " + String.join(" ", args) + " did not end: " + Files.readString(log));
        }
        if (p.exitValue() != 0 || Files.size(report) == 0) {
            throw new AssertionError("the child JVM failed (" + p.exitValue() + "): " + Files.readString(log));
        }
        return Json.mapper().readTree(report.toFile());
    }

    /** The child: arguments are the JSON file to write, the pace to record ("PROVIDER BASE_URL", or "-"), then the command line. */
    public static void main(String[] args) throws Exception {
        ArenaCli.Result result = ArenaCli.run(Arrays.copyOfRange(args, 2, args.length));
        ObjectNode json = Json.mapper().createObjectNode().put("code", result.code()).put("out", result.out()).put("err", result.err());
        if (!args[1].equals(NO_PACE)) {
            String[] pace = args[1].split(" ", 2);
            ArrayNode levels = json.putArray("levels");
            for (ProviderPace.Level level : ProviderPaces.shared().pace(Provider.valueOf(pace[0].toUpperCase(Locale.ROOT)), pace[1]).levels()) {
                levels.addObject().put("time", level.time().toString()).put("level", level.level());
            }
        }
        Json.mapper().writeValue(Path.of(args[0]).toFile(), json);
        System.exit(0);
    }
}
