package dev.arena.sandbox;

import dev.arena.ArenaException;

/**
 * An image reference split the way registries address it: {@code host/path:tag} or
 * {@code host/path@sha256:...}. The host is required (prebuilt images always live in a registry).
 */
public record ImageRef(String host, String path, String tag, String digest) {
    public static ImageRef parse(String reference) {
        int slash = reference.indexOf('/');
        if (slash <= 0) {
            throw ArenaException.usage("image reference '" + reference + "' names no registry host");
        }
        String host = reference.substring(0, slash);
        String rest = reference.substring(slash + 1);
        String digest = null;
        String tag = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty() || tag == null && digest == null) {
            throw ArenaException.usage("image reference '" + reference + "' needs a tag or a digest");
        }
        return new ImageRef(host, rest, tag, digest);
    }

    /** {@code host/path}: what docker push and pull call the repository. */
    public String repository() {
        return host + "/" + path;
    }

    /** The digest if there is one, else the tag: what the registry API takes after /manifests/. */
    public String version() {
        return digest != null ? digest : tag;
    }

    public ImageRef withDigest(String newDigest) {
        return new ImageRef(host, path, null, newDigest);
    }

    @Override
    public String toString() {
        return repository() + (digest != null ? "@" + digest : ":" + tag);
    }
}
