package dev.arena.agent.cli;

import dev.arena.ArenaException;

import java.util.Map;

/**
 * A coding-agent CLI that arena runs from its native executable: the name users pick it by, the
 * version used when they name none (pinned, so a run is repeatable), and its build per C library.
 */
public record AgentPackage(String name, String defaultVersion, Map<Libc, PlatformBuild> builds) {

    public AgentPackage {
        builds = Map.copyOf(builds);
    }

    /** The build for a task image's C library; one clear error when the CLI publishes none. */
    public PlatformBuild build(Libc libc) {
        PlatformBuild build = builds.get(libc);
        if (build == null) {
            throw ArenaException.usage(name + " publishes no linux-x64 build for " + libc.name().toLowerCase()
                    + " images; use an image based on " + builds.keySet().iterator().next().name().toLowerCase());
        }
        return build;
    }

    /** The npm coordinates of {@code version} (null: the pinned default) for {@code libc}. */
    public NpmCoordinates coordinates(String version, Libc libc) {
        return build(libc).at(version == null || version.isBlank() ? defaultVersion : version);
    }
}
