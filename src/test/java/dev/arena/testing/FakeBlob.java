package dev.arena.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.zip.CRC32C;

/** One object held by {@link FakeGcsServer}, with the hashes GCS computes on write. */
record FakeBlob(String bucket, String name, byte[] content, String contentType, Map<String, String> metadata,
                long generation, Instant created) {

    FakeBlob {
        metadata = Map.copyOf(metadata);
    }

    /** Base64 of the MD5 digest, as the JSON API's {@code md5Hash}. */
    String md5Base64() {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base64 of the big-endian CRC32C, as the JSON API's {@code crc32c}. */
    String crc32cBase64() {
        CRC32C crc = new CRC32C();
        crc.update(content);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** The object resource as {@code objects.get} returns it. */
    ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("kind", "storage#object");
        o.put("id", bucket + "/" + name + "/" + generation);
        o.put("name", name);
        o.put("bucket", bucket);
        o.put("generation", Long.toString(generation));
        o.put("metageneration", "1");
        o.put("contentType", contentType);
        o.put("size", Long.toString(content.length));
        o.put("md5Hash", md5Base64());
        o.put("crc32c", crc32cBase64());
        o.put("etag", Long.toHexString(generation));
        o.put("storageClass", "STANDARD");
        o.put("timeCreated", created.toString());
        o.put("updated", created.toString());
        if (!metadata.isEmpty()) {
            ObjectNode m = o.putObject("metadata");
            metadata.forEach(m::put);
        }
        return o;
    }
}
