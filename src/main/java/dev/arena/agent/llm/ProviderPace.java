package dev.arena.agent.llm;

import dev.arena.Sleeper;
import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How fast the whole process calls one provider: an adaptive cap on calls in flight (additive
 * increase, multiplicative decrease) and a pause the provider asked for with {@code Retry-After}.
 * Every caller, the gladiator's transport and the model gateway alike, {@link #acquire}s a
 * {@link Permit} before a call and {@link Permit#finish finishes} it with the answer's status: a 429
 * halves the cap (never below 1), a success adds {@code 1/cap} (so about one more slot per cap's
 * worth of successes) up to the maximum. A 429 to a call sent before the cap last dropped does not
 * drop it again, so one burst of parallel 429s halves the cap once, not once per call.
 */
public final class ProviderPace {
    /** One change of the whole-number cap. */
    public record Level(Instant time, int level) {
    }

    private static final int KEPT_LEVELS = 1000;

    private final String name;
    private final int max;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition slotFreed = lock.newCondition();
    private final Deque<Level> levels = new ArrayDeque<>();
    private double limit;
    private int inFlight;
    /** How often the cap was lowered; a permit remembers it, see the class comment. */
    private long decreases;
    private Instant pausedUntil = Instant.MIN;

    public ProviderPace(String name, int start, int max, Clock clock) {
        if (start < 1 || max < start) {
            throw new IllegalArgumentException("a pace needs 1 <= start <= max, not " + start + " and " + max);
        }
        this.name = name;
        this.max = max;
        this.clock = clock;
        this.limit = start;
        levels.add(new Level(clock.instant(), start));
    }

    /**
     * Waits for the provider's pause to end and for a free slot, then takes it. {@code waitedUntil}
     * is how far the caller has already waited on its own (its backoff after a 429), so a pause it
     * registered itself is not waited twice; pauses are slept through {@code sleeper}, slots are
     * waited for in real time. Gives up with {@code rate_limited} as soon as it is clear that no
     * slot comes before {@code deadline}: a pause that ends past it fails at once.
     */
    public Permit acquire(Instant deadline, Instant waitedUntil, Sleeper sleeper) throws EvaluationException, InterruptedException {
        Instant waited = waitedUntil == null ? Instant.MIN : waitedUntil;
        lock.lockInterruptibly();
        try {
            while (true) {
                Instant now = clock.instant();
                if (pausedUntil.isAfter(now) && pausedUntil.isAfter(waited)) {
                    if (!pausedUntil.isBefore(deadline)) {
                        throw new EvaluationException(ErrorKind.RATE_LIMITED, "the model API at " + name + " asked to wait until "
                                + pausedUntil + ", past this call's deadline");
                    }
                    Instant until = pausedUntil;
                    lock.unlock();
                    try {
                        sleeper.sleep(Duration.between(now, until));
                    } finally {
                        lock.lock();
                    }
                    waited = until;
                    continue;
                }
                if (inFlight < (int) limit) {
                    inFlight++;
                    return new Permit(decreases);
                }
                long left = Duration.between(now, deadline).toNanos();
                if (left <= 0) {
                    throw new EvaluationException(ErrorKind.RATE_LIMITED, "no call slot to the model API at " + name + " came free before the deadline ("
                            + inFlight + " calls in flight, limit " + (int) limit + ")");
                }
                slotFreed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private void finish(Permit permit, int status, Duration retryAfter) {
        lock.lock();
        try {
            inFlight--;
            int before = (int) limit;
            if (status == 429) {
                if (permit.decreasesAtStart == decreases) {
                    limit = Math.max(1, Math.floor(limit / 2));
                    decreases++;
                }
                if (retryAfter != null && !retryAfter.isNegative() && !retryAfter.isZero()) {
                    Instant until = clock.instant().plus(retryAfter);
                    if (until.isAfter(pausedUntil)) {
                        pausedUntil = until;
                    }
                }
            } else if (status / 100 == 2) {
                limit = Math.min(max, limit + 1 / limit);
            }
            if ((int) limit != before) {
                levels.add(new Level(clock.instant(), (int) limit));
                if (levels.size() > KEPT_LEVELS) {
                    levels.removeFirst();
                }
            }
            slotFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The cap now, in whole calls. */
    public int limit() {
        lock.lock();
        try {
            return (int) limit;
        } finally {
            lock.unlock();
        }
    }

    /** Every change of the cap, the start first (the last thousand). */
    public List<Level> levels() {
        lock.lock();
        try {
            return List.copyOf(levels);
        } finally {
            lock.unlock();
        }
    }

    /** How long new calls still wait for the provider's {@code Retry-After}; zero when they need not. */
    public Duration pauseLeft() {
        lock.lock();
        try {
            Duration left = Duration.between(clock.instant(), pausedUntil.isBefore(Instant.EPOCH) ? Instant.EPOCH : pausedUntil);
            return left.isNegative() ? Duration.ZERO : left;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ProviderPace[" + name + ", limit " + limit() + "]";
    }

    /** One slot: finish it exactly once, with the answer's status (0 when none came). */
    public final class Permit {
        private final long decreasesAtStart;
        private boolean finished;

        private Permit(long decreasesAtStart) {
            this.decreasesAtStart = decreasesAtStart;
        }

        /** Frees the slot and adapts the pace: a 429 lowers it (and pauses for {@code retryAfter}, if given), a 2xx raises it. */
        public void finish(int status, Duration retryAfter) {
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
            }
            ProviderPace.this.finish(this, status, retryAfter);
        }
    }
}
