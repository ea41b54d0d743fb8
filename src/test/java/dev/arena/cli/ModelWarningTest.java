package dev.arena.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run resolves its model before any work: a retired model gets one warning line on stderr and
 * the run goes on (here it then stops at an unknown dataset, so no Docker is needed). A real
 * process, because the API key the agent needs can only be given through the environment.
 */
class ModelWarningTest {
    @TempDir
    Path tmp;

    private List<String> stderrOfRun(String model) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run", "--local", "--datasets-dir",
                Path.of("examples", "datasets").toString(), "--datasets", "no-such-dataset", "--agent", "gladiator", "--model", model,
                "--runs-dir", tmp.resolve("runs").toString());
        builder.environment().put("ANTHROPIC_API_KEY", "sk-test");
        builder.environment().put("ARENA_SETTINGS", tmp.resolve("settings.json").toString()); // no user catalog: the bundled one
        Path err = tmp.resolve("stderr-" + System.nanoTime());
        builder.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = builder.start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(2, p.exitValue(), Files.readString(err));
        return Files.readAllLines(err, StandardCharsets.UTF_8);
    }

    @Test
    void aRetiredModelIsOneWarningLineBeforeTheRunGoesOn() throws Exception {
        List<String> err = stderrOfRun("anthropic/claude-sonnet-4-5");
        assertEquals(2, err.size(), err.toString());
        assertEquals("warning: model anthropic/claude-sonnet-4-5 was retired by its vendor on 2026-11-30; its calls may fail"
                + " (`arena models` lists current models)", err.get(0));
        assertTrue(err.get(1).startsWith("arena: unknown dataset 'no-such-dataset'"), err.get(1));
        assertEquals(1, stderrOfRun("anthropic/claude-sonnet-4-6").size(), "a current model: no warning");
    }
}
