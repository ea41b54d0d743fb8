package dev.arena.agent.cli;

import dev.arena.ArenaException;

/**
 * One package tarball a cluster run pins in run.json: the npm package and version and the
 * registry's integrity hash (SRI, as {@code dist.integrity} gave it). Its copy in the bucket lives
 * at {@link #key()}, a name derived from these three, so a pod never takes a location from the plan.
 */
public record AgentTarball(String packageName, String version, String integrity) {

    static AgentTarball of(ResolvedPackage resolved) {
        return new AgentTarball(resolved.coordinates().packageName(), resolved.coordinates().npmVersion(), resolved.integrity().toString());
    }

    /** The hash the tarball must have; a value that is no SRI hash is refused in one line. */
    public Integrity expected() {
        Integrity parsed;
        try {
            parsed = integrity == null ? null : Integrity.of(integrity, null);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (parsed == null) {
            throw ArenaException.usage("the pinned tarball of " + packageName + "@" + version + " has no usable integrity hash");
        }
        return parsed;
    }

    boolean pins(NpmCoordinates coordinates) {
        return coordinates.packageName().equals(packageName) && coordinates.npmVersion().equals(version);
    }

    /** The object's key under the bucket's agents/ prefix: {@code <package>/<version>/<algorithm>-<hash prefix>.tgz}. */
    public String key() {
        return TarballCache.relativeKey(packageName, version, expected());
    }
}
