package dev.arena.gcp;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OperationWaiterTest {
    /** A clock that the sleeper moves forward, as real waiting would. */
    private static final class Ticking extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void pollsUntilDoneAndReportsElapsedTimeEveryHalfMinute() throws Exception {
        Ticking clock = new Ticking();
        List<String> log = new ArrayList<>();
        List<Duration> sleeps = new ArrayList<>();
        OperationWaiter waiter = new OperationWaiter(d -> {
            sleeps.add(d);
            clock.now = clock.now.plus(d);
        }, clock, log::add, Duration.ofSeconds(10));
        int[] polls = {0};

        int result = waiter.poll("create cluster c", 0, n -> n >= 7, () -> ++polls[0]);

        assertEquals(7, result);
        assertEquals(7, sleeps.size(), "one wait before each poll");
        assertEquals(List.of("create cluster c ...", "create cluster c ... 30s", "create cluster c ... 1m00s",
                "create cluster c: done in 1m10s"), log);
    }

    @Test
    void anOperationAlreadyDoneIsNotPolled() throws Exception {
        List<Duration> sleeps = new ArrayList<>();
        OperationWaiter waiter = new OperationWaiter(sleeps::add, Clock.systemUTC(), s -> { }, Duration.ofSeconds(2));

        assertEquals("done", waiter.poll("x", "done", "done"::equals, () -> {
            throw new AssertionError("polled a finished operation");
        }));
        assertEquals(List.of(), sleeps);
    }
}
