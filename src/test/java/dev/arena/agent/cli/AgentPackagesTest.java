package dev.arena.agent.cli;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AgentPackagesTest {
    @Test
    void claudeCodeHasAPackagePerCLibrary() {
        assertEquals("@anthropic-ai/claude-code-linux-x64@2.1.332", AgentPackages.named("claude-code").coordinates(null, Libc.GLIBC).toString());
        NpmCoordinates musl = AgentPackages.CLAUDE_CODE.coordinates("2.1.300", Libc.MUSL);
        assertEquals("@anthropic-ai/claude-code-linux-x64-musl@2.1.300", musl.toString());
        assertEquals("package/claude", musl.executablePath());
    }

    @Test
    void codexPublishesItsStaticLinuxBuildAsASuffixedVersion() {
        NpmCoordinates codex = AgentPackages.named("codex").coordinates(null, Libc.MUSL);
        assertEquals("@openai/codex@0.171.0-linux-x64", codex.toString());
        assertEquals("0.171.0", codex.version());
        assertEquals(codex, AgentPackages.CODEX.coordinates("", Libc.GLIBC));
        assertEquals("package/vendor/x86_64-unknown-linux-musl/bin/codex", codex.executablePath());
    }

    @Test
    void unknownNamesAndMissingBuildsAreUsageErrors() {
        ArenaException name = assertThrows(ArenaException.class, () -> AgentPackages.named("aider"));
        assertEquals(ExitCode.USAGE, name.exitCode());
        assertEquals("unknown agent CLI 'aider'; known: claude-code, codex", name.getMessage());

        AgentPackage glibcOnly = new AgentPackage("g", "1", Map.of(Libc.GLIBC, new PlatformBuild("g", "", "package/g")));
        ArenaException musl = assertThrows(ArenaException.class, () -> glibcOnly.coordinates(null, Libc.MUSL));
        assertEquals("g publishes no linux-x64 build for musl images; use an image based on glibc", musl.getMessage());
    }

    @Test
    void integrityPrefersTheStrongestHashAndFallsBackToTheShasum() {
        String sha256 = Base64.getEncoder().encodeToString(new byte[32]);
        String sha512 = Base64.getEncoder().encodeToString(new byte[64]);
        assertEquals("sha512", Integrity.of("sha256-" + sha256 + " sha512-" + sha512, "00").algorithm());
        assertEquals("sha1", Integrity.of(null, "0fafe55b6801399215a7102d3acd6a3673d5f292").algorithm());
        assertEquals("sha1", Integrity.of("md5-xyz", "0fafe55b6801399215a7102d3acd6a3673d5f292").algorithm());
        assertNull(Integrity.of("", null));
    }
}
