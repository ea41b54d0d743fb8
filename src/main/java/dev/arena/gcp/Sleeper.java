package dev.arena.gcp;

import java.time.Duration;

/** Waits between polls and retries; tests pass one that returns at once. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
}
