package dev.arena.agent.llm;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How often and how long to wait before calling a model again: exponential backoff with
 * jitter, so parallel attempts hitting the same rate limit spread out instead of retrying in
 * step; a server's {@code Retry-After} wins over the computed delay (up to a cap).
 *
 * @param maxAttempts   calls in all, the first included
 * @param base          delay before the first retry (before jitter)
 * @param max           longest computed delay
 * @param maxRetryAfter longest server-requested delay we accept
 * @param random        values in [0, 1) for the jitter
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max, Duration maxRetryAfter, DoubleSupplier random) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMinutes(5),
            () -> ThreadLocalRandom.current().nextDouble());

    /** HTTP statuses worth another try: rate limits, timeouts, overload and server errors. */
    public static boolean retryable(int status) {
        return status == 429 || status == 408 || status == 409 || status >= 500;
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry). With a server hint
     * the wait is the hint; otherwise between half and all of {@code base * 2^(retry-1)}.
     */
    public Duration delay(int retry, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        }
        double exponential = base.toMillis() * Math.pow(2, Math.max(0, retry - 1));
        double capped = Math.min(exponential, max.toMillis());
        return Duration.ofMillis((long) (capped * (0.5 + 0.5 * random.getAsDouble())));
    }
}
