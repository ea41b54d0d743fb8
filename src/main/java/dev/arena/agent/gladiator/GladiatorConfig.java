package dev.arena.agent.gladiator;

import java.time.Duration;

/**
 * The gladiator's knobs beyond the run settings.
 *
 * @param commandTimeout  longest a shell command may run before it is killed
 * @param outputLimit     most characters of one tool result the model sees (the middle is cut, with a note)
 * @param maxOutputTokens cap on one model answer (sent where the API needs one)
 * @param callTimeout     longest one model call may take
 * @param gradingReserve  time kept free at the end of the attempt for the tests, at most a quarter of it
 */
public record GladiatorConfig(Duration commandTimeout, int outputLimit, int maxOutputTokens, Duration callTimeout,
                              Duration gradingReserve) {
    public static final GladiatorConfig DEFAULT = new GladiatorConfig(Duration.ofSeconds(120), 30_000, 16_000,
            Duration.ofMinutes(10), Duration.ofMinutes(5));

    public GladiatorConfig withOutputLimit(int limit) {
        return new GladiatorConfig(commandTimeout, limit, maxOutputTokens, callTimeout, gradingReserve);
    }

    public GladiatorConfig withCommandTimeout(Duration timeout) {
        return new GladiatorConfig(timeout, outputLimit, maxOutputTokens, callTimeout, gradingReserve);
    }
}
