package dev.arena.agent.cli;

/**
 * One npm package version and the executable to take out of its tarball. {@code version} is the
 * agent's version; a platform build published as a suffixed version of the main package (Codex's
 * {@code 0.171.0-linux-x64}) carries the suffix separately, so errors can speak in agent versions.
 */
public record NpmCoordinates(String packageName, String version, String versionSuffix, String executablePath) {

    /** The version as the registry lists it. */
    public String npmVersion() {
        return version + versionSuffix;
    }

    @Override
    public String toString() {
        return packageName + "@" + npmVersion();
    }
}
