package dev.arena.sandbox;

import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task container gets the pids limit and the open-files ulimit of its {@link SandboxSpec}, and a
 * fork bomb stops at the limit. Works on cgroup v1 ({@code /sys/fs/cgroup/pids/}) and v2.
 */
@RequiresDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskContainerLimitsIT {
    /** The cgroup's pids files, read with shell builtins only: at the limit nothing can fork, not even cat. */
    private static final String PIDS = "d=/sys/fs/cgroup; [ -r $d/pids.max ] || d=/sys/fs/cgroup/pids; ";

    private final String nonce = UUID.randomUUID().toString().substring(0, 12);
    private DockerSandboxProvider provider;

    @BeforeAll
    void connect() {
        provider = DockerSandboxProvider.connect();
    }

    @AfterAll
    void cleanUp() {
        if (provider != null) {
            provider.removeAll(Map.of("arena-limits-it", nonce));
            provider.close();
        }
    }

    private SandboxSpec spec(String name, Long pids, Integer nofile) {
        String image = TestImages.baseImage();
        Map<String, String> labels = Map.of("arena-limits-it", nonce);
        String full = "arena-limits-it-" + nonce + "-" + name;
        return pids == null ? new SandboxSpec(image, full, 256L << 20, 1.0, "none", labels)
                : new SandboxSpec(image, full, 256L << 20, 1.0, "none", labels, pids, nofile);
    }

    @Test
    void theConfiguredLimitsHoldAndAForkBombStopsAtThePidsLimit() throws Exception {
        try (Sandbox box = provider.start(spec("set", 64L, 512))) {
            ExecResult limits = box.exec("ulimit -n; ulimit -Hn; " + PIDS + "read m < $d/pids.max; echo $m", Duration.ofSeconds(30));
            assertEquals(0, limits.exitCode(), limits.stderr());
            assertEquals("512\n512\n64\n", limits.stdout());

            // every sleep stays alive for the whole loop, so the container would hold 2000 processes. The
            // bomb's own shell counts them as it exits (builtins only): at the limit a new exec may not
            // start at all, however long the sleeps take to be reaped
            ExecResult bomb = box.exec(PIDS + "trap 'read c < $d/pids.current; echo current=$c' EXIT;"
                    + " for i in $(seq 2000); do sleep 30 & done; echo spawned all", Duration.ofSeconds(30));
            assertNotEquals(0, bomb.exitCode(), "the loop cannot finish: " + bomb);
            assertFalse(bomb.stdout().contains("spawned all"), bomb.stdout());
            assertTrue(bomb.stderr().toLowerCase().contains("fork"), "the shell could not fork: " + bomb.stderr());
            assertFalse(bomb.timedOut(), "fails fast, not by the timeout");

            assertTrue(bomb.stdout().strip().startsWith("current="), bomb.stdout());
            int current = Integer.parseInt(bomb.stdout().strip().substring("current=".length()));
            assertTrue(current <= 64 + 1 && current > 32, "the container holds about the limit, not 2000: " + current);
        } // removing the container ends the sleeps
    }

    @Test
    void withoutSettingsATaskContainerGetsTheDefaults() throws Exception {
        try (Sandbox box = provider.start(spec("default", null, null))) {
            ExecResult limits = box.exec("ulimit -n; " + PIDS + "read m < $d/pids.max; echo $m", Duration.ofSeconds(30));
            assertEquals(0, limits.exitCode(), limits.stderr());
            assertEquals(SandboxSpec.DEFAULT_NOFILE + "\n" + SandboxSpec.DEFAULT_PIDS_LIMIT + "\n", limits.stdout());
        }
    }
}
