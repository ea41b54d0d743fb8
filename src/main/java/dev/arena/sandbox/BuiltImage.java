package dev.arena.sandbox;

/**
 * An image ready to start sandboxes from: a local tag or a pinned {@code repo@sha256:...}.
 * {@code reused} says it was there already; {@code log} is the build output when this process
 * built it, else empty.
 */
public record BuiltImage(String tag, boolean reused, String log) {
}
