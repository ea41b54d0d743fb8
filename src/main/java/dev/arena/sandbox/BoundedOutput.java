package dev.arena.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects a command's output without letting a runaway command fill the JVM's memory: keeps
 * the first {@code headLimit} bytes and the last {@code tailLimit} bytes (test summaries live
 * at the end), and says how much was cut in between.
 */
final class BoundedOutput {
    private final int headLimit;
    private final int tailLimit;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private byte[] tail = new byte[0];
    private long dropped;

    BoundedOutput(int headLimit, int tailLimit) {
        this.headLimit = headLimit;
        this.tailLimit = tailLimit;
    }

    synchronized void append(byte[] bytes) {
        int toHead = Math.min(bytes.length, headLimit - head.size());
        if (toHead > 0) {
            head.write(bytes, 0, toHead);
        }
        int rest = bytes.length - toHead;
        if (rest <= 0) {
            return;
        }
        byte[] joined = new byte[tail.length + rest];
        System.arraycopy(tail, 0, joined, 0, tail.length);
        System.arraycopy(bytes, toHead, joined, tail.length, rest);
        if (joined.length > tailLimit) {
            dropped += joined.length - tailLimit;
            tail = java.util.Arrays.copyOfRange(joined, joined.length - tailLimit, joined.length);
        } else {
            tail = joined;
        }
    }

    /** Everything written, byte for byte; null when the middle was cut. */
    synchronized byte[] bytes() {
        if (dropped > 0) {
            return null;
        }
        byte[] all = java.util.Arrays.copyOf(head.toByteArray(), head.size() + tail.length);
        System.arraycopy(tail, 0, all, head.size(), tail.length);
        return all;
    }

    synchronized String text() {
        String h = head.toString(StandardCharsets.UTF_8);
        String t = new String(tail, StandardCharsets.UTF_8);
        if (dropped == 0) {
            return h + t;
        }
        return h + "\n[... " + dropped + " bytes of output cut ...]\n" + t;
    }
}
