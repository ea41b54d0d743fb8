package dev.arena.agent.cli;

import dev.arena.ArenaException;
import dev.arena.testing.NpmRegistryReachable;
import dev.arena.testing.Requirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pinned Codex build, fetched from the real npm registry (or {@code ARENA_NPM_REGISTRY}) into the
 * default cache, so only the first run downloads its ~170 MB: the registry's metadata, integrity and
 * tarball layout are what {@link AgentPackages} assumes, and the executable runs on this machine.
 * Codex, not Claude Code: its tarball is the smaller of the two.
 */
class NpmRegistryIT {
    @TempDir
    Path bin;

    @Test
    void thePinnedCodexBuildIsFetchedVerifiedAndRuns() throws Exception {
        NpmFetcher fetcher = NpmFetcher.fromEnvironment(System.getenv());
        Requirement.check(NpmRegistryReachable.problem(fetcher.registry()));

        Path codex = fetcher.fetch(AgentPackages.CODEX, null, Libc.GLIBC, bin);
        assertTrue(Files.isRegularFile(codex) && Files.isExecutable(codex), codex + " is an executable file");
        assertTrue(Files.size(codex) > 10_000_000, "the whole native executable, not a launcher script");

        Process process = new ProcessBuilder(codex.toString(), "--version").redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "codex --version finishes");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, process.exitValue(), output);
        assertEquals("codex-cli " + AgentPackages.CODEX.defaultVersion(), output);

        NpmCoordinates pinned = AgentPackages.CODEX.coordinates(null, Libc.GLIBC);
        ResolvedPackage resolved = fetcher.resolve(pinned);
        assertEquals("sha512", resolved.integrity().algorithm(), "the registry gives an SRI sha512");
        assertTrue(Files.isRegularFile(fetcher.cacheDir().resolve("@openai+codex").resolve(pinned.npmVersion())
                .resolve(resolved.integrity().cacheKey() + ".tgz")), "the tarball stays cached for the next run");

        ArenaException unknown = assertThrows(ArenaException.class,
                () -> fetcher.resolve(AgentPackages.CODEX.coordinates("0.0.0-no-such", Libc.GLIBC)));
        assertTrue(unknown.getMessage().startsWith("unknown version 0.0.0-no-such of @openai/codex at "), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("; the latest is "), unknown.getMessage());
    }
}
