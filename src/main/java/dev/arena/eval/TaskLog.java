package dev.arena.eval;

import java.time.Duration;
import java.util.function.Consumer;

/** The log of one attempt: timestamped lines relative to its start, kept in memory and stored at the end. */
final class TaskLog implements Consumer<String> {
    private final long startNanos = System.nanoTime();
    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void accept(String line) {
        Duration at = Duration.ofNanos(System.nanoTime() - startNanos);
        text.append(String.format("[%4d.%03ds] ", at.toSeconds(), at.toMillisPart())).append(line);
        if (!line.endsWith("\n")) {
            text.append('\n');
        }
    }

    synchronized String text() {
        return text.toString();
    }
}
