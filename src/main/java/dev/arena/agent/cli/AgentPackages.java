package dev.arena.agent.cli;

import dev.arena.ArenaException;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The coding-agent CLIs arena can fetch, with their pinned default versions. */
public final class AgentPackages {
    /** Claude Code: one package per platform, {@code package/claude} a single executable needing only glibc (or musl). */
    public static final AgentPackage CLAUDE_CODE = new AgentPackage("claude-code", "2.1.332", Map.of(
            Libc.GLIBC, new PlatformBuild("@anthropic-ai/claude-code-linux-x64", "", "package/claude"),
            Libc.MUSL, new PlatformBuild("@anthropic-ai/claude-code-linux-x64-musl", "", "package/claude")));

    /** Codex: its linux-x64 build is statically linked against musl, so the same one serves both C libraries. */
    private static final PlatformBuild CODEX_LINUX_X64 = new PlatformBuild("@openai/codex", "-linux-x64",
            "package/vendor/x86_64-unknown-linux-musl/bin/codex");
    public static final AgentPackage CODEX = new AgentPackage("codex", "0.171.0", Map.of(
            Libc.GLIBC, CODEX_LINUX_X64,
            Libc.MUSL, CODEX_LINUX_X64));

    public static final List<AgentPackage> ALL = List.of(CLAUDE_CODE, CODEX);

    private AgentPackages() {
    }

    public static AgentPackage named(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> ArenaException.usage(
                "unknown agent CLI '" + name + "'; known: " + ALL.stream().map(AgentPackage::name).collect(Collectors.joining(", "))));
    }
}
