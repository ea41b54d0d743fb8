package dev.arena.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads server-sent events off a copy of the bytes the client gets, in whatever pieces they
 * arrive: each event's data (its {@code data:} lines joined) goes to the consumer as soon as the
 * blank line that ends the event is seen. Comments, {@code event:} and {@code id:} lines are skipped.
 */
final class SseTap {
    private final Consumer<String> onData;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final List<String> data = new ArrayList<>();
    private boolean lastWasCr;

    SseTap(Consumer<String> onData) {
        this.onData = onData;
    }

    void accept(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n' && lastWasCr) {
                lastWasCr = false; // the second half of a CRLF
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                endLine();
            } else {
                line.write(b);
            }
        }
    }

    /** The stream ended: an event not closed by a blank line still counts. */
    void finish() {
        if (line.size() > 0) {
            endLine();
        }
        dispatch();
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.isEmpty()) {
            dispatch();
        } else if (text.startsWith("data:")) {
            String value = text.substring(5);
            data.add(value.startsWith(" ") ? value.substring(1) : value);
        }
    }

    private void dispatch() {
        if (!data.isEmpty()) {
            String joined = String.join("\n", data);
            data.clear();
            onData.accept(joined);
        }
    }
}
