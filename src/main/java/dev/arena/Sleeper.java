package dev.arena;

import java.time.Duration;

/** Waits between polls and retries; tests pass one that records the delays and returns at once. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
