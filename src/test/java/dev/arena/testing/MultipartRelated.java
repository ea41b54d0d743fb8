package dev.arena.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a {@code multipart/related} body (what a GCS multipart upload sends: the object's JSON,
 * then its bytes) into parts. Binary-safe: the media part may hold any bytes.
 */
final class MultipartRelated {
    private MultipartRelated() {
    }

    record Part(String contentType, byte[] body) {
    }

    static List<Part> parse(String contentTypeHeader, byte[] body) {
        byte[] delimiter = ("\r\n--" + boundary(contentTypeHeader)).getBytes(StandardCharsets.ISO_8859_1);
        // the first delimiter has no CRLF before it; prepend one so every delimiter looks the same
        byte[] data = new byte[body.length + 2];
        data[0] = '\r';
        data[1] = '\n';
        System.arraycopy(body, 0, data, 2, body.length);

        List<Part> parts = new ArrayList<>();
        int at = indexOf(data, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < data.length && data[start] == '-' && data[start + 1] == '-') {
                break; // closing delimiter
            }
            int next = indexOf(data, delimiter, start);
            if (next < 0) {
                throw new IllegalArgumentException("multipart body without a closing delimiter");
            }
            parts.add(part(data, start, next));
            at = next;
        }
        return parts;
    }

    private static Part part(byte[] data, int start, int end) {
        int headersEnd = indexOf(data, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
        if (headersEnd < 0 || headersEnd > end) {
            throw new IllegalArgumentException("multipart part without headers");
        }
        String contentType = "application/octet-stream";
        for (String line : new String(data, start, headersEnd - start, StandardCharsets.ISO_8859_1).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-type")) {
                contentType = line.substring(colon + 1).trim();
            }
        }
        byte[] body = new byte[end - headersEnd - 4];
        System.arraycopy(data, headersEnd + 4, body, 0, body.length);
        return new Part(contentType, body);
    }

    private static String boundary(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length());
                return b.startsWith("\"") ? b.substring(1, b.length() - 1) : b;
            }
        }
        throw new IllegalArgumentException("no boundary in " + contentType);
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
