package dev.arena.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The arena command line, {@code dev.arena.cli.Main} as {@code arena.sh} starts it, in a JVM of
 * its own with the environment a test chooses: the agents read their API keys, base URLs and npm
 * mirror from the environment, which a test cannot set in its own process. Nothing of the
 * developer's shell that could reach a model or a registry is passed on, and the settings file is
 * one that does not exist (so the bundled model catalog is used).
 */
public final class ArenaProcess {
    public static final String MAIN = "dev.arena.cli.Main";
    private static final List<String> CLEARED = List.of("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL",
            "OPENROUTER_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "ARENA_NPM_REGISTRY");

    /** What the command did: its exit code and what it printed. */
    public record Outcome(int exit, String out, String err) {
        public List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private ArenaProcess() {
    }

    /** Runs {@code arena ARGS} with {@code env} added to a cleaned copy of this process's environment. */
    public static Outcome run(Path tmp, Map<String, String> env, List<String> args) throws Exception {
        return run(tmp, env, MAIN, args);
    }

    /** As {@link #run(Path, Map, List)}, started through {@code mainClass} (a test's main that wraps arena's). */
    public static Outcome run(Path tmp, Map<String, String> env, String mainClass, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        CLEARED.forEach(builder.environment()::remove);
        builder.environment().put("ARENA_SETTINGS", tmp.resolve("no-settings.json").toString());
        builder.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out-", ".txt");
        Path err = Files.createTempFile(tmp, "err-", ".txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("arena " + String.join(" ", args) + " did not end in 15 minutes: " + Files.readString(err));
        }
        return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
