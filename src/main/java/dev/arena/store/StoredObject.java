package dev.arena.store;

import java.util.Map;

/**
 * What a store knows about one object without reading it.
 *
 * @param md5Hex   the content's MD5 when the store keeps one (GCS does), else null
 * @param metadata custom metadata written with the object (for result.json: the verdict and usage,
 *                 so status can be computed from one listing)
 */
public record StoredObject(String key, long size, String md5Hex, Map<String, String> metadata) {
    public StoredObject {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
