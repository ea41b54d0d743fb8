package dev.arena.agent.cli;

import java.net.URI;

/** A package version as the registry describes it: where its tarball is and what hash it must have. */
public record ResolvedPackage(NpmCoordinates coordinates, URI tarball, Integrity integrity) {
}
