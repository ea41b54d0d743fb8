package dev.arena.agent.cli;

/**
 * Where one platform's native build of an agent CLI lives on npm: the package, the suffix its
 * versions carry (Codex publishes its builds as versions {@code 0.171.0-linux-x64} of
 * {@code @openai/codex}; Claude Code as plain versions of per-platform packages) and the path of
 * the executable inside the package tarball.
 */
public record PlatformBuild(String packageName, String versionSuffix, String executablePath) {

    /** The npm coordinates of this build at an agent version. */
    public NpmCoordinates at(String agentVersion) {
        return new NpmCoordinates(packageName, agentVersion, versionSuffix, executablePath);
    }
}
