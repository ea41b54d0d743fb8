package dev.arena.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * An attempt's {@code model_calls.jsonl}: one JSON line per call, appended as calls end. Every
 * secret the gateway knows of (the real key, the attempt's token) is cut out of the finished line,
 * wherever in the bodies it appears, before it is written.
 */
final class CallLog {
    static final String REDACTED = "[redacted]";

    private final Path file;
    private final List<String> secrets;

    CallLog(Path file, List<String> secrets) {
        this.file = file;
        this.secrets = List.copyOf(secrets);
    }

    Path file() {
        return file;
    }

    synchronized void append(ObjectNode call) {
        String line;
        try {
            line = ModelApi.JSON.writeValueAsString(call);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (String secret : secrets) {
            line = line.replace(secret, REDACTED);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
