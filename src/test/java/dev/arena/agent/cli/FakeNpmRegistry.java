package dev.arena.agent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.arena.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small npm registry on the loopback: package documents at {@code /@scope%2fname} (the raw,
 * encoded path is matched, as the real registry's API is addressed) and tarballs at
 * {@code /tarballs/...}. Records every request's raw path, so tests can count downloads.
 */
public final class FakeNpmRegistry implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
    private final Map<String, byte[]> tarballs = new ConcurrentHashMap<>();
    public final List<String> requests = new CopyOnWriteArrayList<>();

    public FakeNpmRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            requests.add(path);
            byte[] body = path.startsWith("/tarballs/") ? tarballs.get(path) : documents.get(path);
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                out.write(body);
            }
        });
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Serves a package document at the encoded path; each version maps to its dist object. */
    public void document(String rawPath, String latest, Map<String, ObjectNode> versions) {
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.putObject("dist-tags").put("latest", latest);
        ObjectNode all = doc.putObject("versions");
        versions.forEach((version, dist) -> all.putObject(version).put("version", version).set("dist", dist));
        try {
            documents.put(rawPath, Json.mapper().writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code bytes} as a tarball and returns its dist object (integrity and shasum of {@code hashedBytes}). */
    public ObjectNode tarball(String name, byte[] bytes, byte[] hashedBytes) {
        String path = "/tarballs/" + name;
        tarballs.put(path, bytes);
        ObjectNode dist = Json.mapper().createObjectNode();
        dist.put("integrity", "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", hashedBytes)));
        dist.put("shasum", HexFormat.of().formatHex(digest("SHA-1", hashedBytes)));
        dist.put("tarball", uri() + path);
        return dist;
    }

    public ObjectNode tarball(String name, byte[] bytes) {
        return tarball(name, bytes, bytes);
    }

    public long requestsTo(String path) {
        return requests.stream().filter(path::equals).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A gzipped tar with the given entries: name to content; a content starting with "->" makes a symlink to the rest. */
    public static byte[] tgz(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry;
                if (e.getValue().startsWith("->")) {
                    entry = new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(e.getValue().substring(2));
                    tar.putArchiveEntry(entry);
                } else {
                    entry = new TarArchiveEntry(e.getKey());
                    entry.setSize(content.length);
                    entry.setMode(0100755);
                    tar.putArchiveEntry(entry);
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
