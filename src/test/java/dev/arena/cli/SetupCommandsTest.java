package dev.arena.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the setup commands decide before they talk to Google Cloud. */
class SetupCommandsTest {
    @Test
    void teardownWithoutATerminalNeedsYes() {
        ArenaCli.Result r = ArenaCli.run("teardown", "--project", "proj-1");

        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        // the cluster name may come from this machine's settings file; the rest is fixed by the flags
        assertTrue(r.err().startsWith("arena: teardown deletes cluster "), r.err());
        assertTrue(r.err().strip().endsWith("and bucket gs://proj-1-arena in project proj-1; pass --yes to confirm without a terminal"), r.err());
    }

    @Test
    void setupRejectsImpossibleNodeCounts() {
        ArenaCli.Result r = ArenaCli.run("setup", "--project", "proj-1", "--min-nodes", "5", "--max-nodes", "2");

        assertEquals(2, r.code());
        assertTrue(r.err().contains("0 <= --min-nodes <= --max-nodes"), r.err());
    }

    @Test
    void anotherProjectsBucketInTheSettingsFileIsNotUsed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("settings.json");
        dev.arena.config.Settings.write(file, java.util.Map.of(dev.arena.config.Settings.Key.PROJECT, "old",
                dev.arena.config.Settings.Key.BUCKET, "old-arena", dev.arena.config.Settings.Key.REGION, "europe-west4"));
        dev.arena.config.Settings settings = dev.arena.config.Settings.load(java.util.Map.of(), file);

        assertEquals("new-arena", config(settings, "--project", "new").bucket());
        assertEquals("europe-west4", config(settings, "--project", "new").region(), "other settings still apply");
        assertEquals("old-arena", config(settings).bucket(), "the same project keeps its bucket");
        assertEquals("mine", config(settings, "--project", "new", "--bucket", "mine").bucket());
    }

    private static dev.arena.gcp.SetupConfig config(dev.arena.config.Settings settings, String... args) {
        SetupCommand command = new SetupCommand();
        new picocli.CommandLine(command).parseArgs(args);
        return command.gcp.config(settings, "ns", "arena", "sa", dev.arena.gcp.SetupConfig.EvalPool.defaults());
    }

    @Test
    void everyNewCommandHasHelp() {
        for (String command : new String[] {"setup", "teardown", "doctor"}) {
            ArenaCli.Result r = ArenaCli.run(command, "--help");
            assertEquals(0, r.code(), command);
            assertTrue(r.out().contains("Usage: arena " + command), r.out());
        }
    }
}
