package dev.arena.eval;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The log of one attempt: timestamped lines relative to its start, kept in memory and stored at
 * the end. Each entry also goes to a tap as it is logged (a pod prints it at once).
 */
final class TaskLog implements Consumer<String> {
    private final long startNanos = System.nanoTime();
    private final StringBuilder text = new StringBuilder();
    private final Consumer<String> tap;

    TaskLog() {
        this(entry -> { });
    }

    /** @param tap gets each entry, without its final newline, in the order of the log */
    TaskLog(Consumer<String> tap) {
        this.tap = tap;
    }

    @Override
    public synchronized void accept(String line) {
        Duration at = Duration.ofNanos(System.nanoTime() - startNanos);
        String entry = String.format("[%4d.%03ds] ", at.toSeconds(), at.toMillisPart()) + line;
        text.append(entry);
        if (!line.endsWith("\n")) {
            text.append('\n');
        }
        tap.accept(entry.endsWith("\n") ? entry.substring(0, entry.length() - 1) : entry);
    }

    synchronized String text() {
        return text.toString();
    }
}
