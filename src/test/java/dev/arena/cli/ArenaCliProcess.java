package dev.arena.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link ArenaCli} in a JVM of its own with the environment a test chooses: the agents read their
 * API key from the environment, which a test cannot set in its own process. The child runs the
 * command line in-process and writes its exit code, stdout and stderr to a JSON file.
 */
final class ArenaCliProcess {
    /** Keys and addresses that must not leak from the developer's shell into the child. */
    private static final List<String> CLEARED = List.of("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL",
            "OPENROUTER_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY");

    private ArenaCliProcess() {
    }

    /** Runs {@code args} in a child JVM with {@code env} added (the bundled model catalog: no user catalog is read). */
    static ArenaCli.Result run(Path tmp, Map<String, String> env, List<String> args) throws Exception {
        Path report = Files.createTempFile(tmp, "cli-", ".json");
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ArenaCliProcess.class.getName(), report.toString()));
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
        JsonNode r = Json.mapper().readTree(report.toFile());
        return new ArenaCli.Result(r.path("code").asInt(), r.path("out").asText(), r.path("err").asText());
    }

    /** The child: arguments are the JSON file to write, then the command line. */
    public static void main(String[] args) throws Exception {
        ArenaCli.Result result = ArenaCli.run(Arrays.copyOfRange(args, 1, args.length));
        Json.mapper().writeValue(Path.of(args[0]).toFile(),
                Json.mapper().createObjectNode().put("code", result.code()).put("out", result.out()).put("err", result.err()));
        System.exit(0);
    }
}
