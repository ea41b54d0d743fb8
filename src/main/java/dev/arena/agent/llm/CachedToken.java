package dev.arena.agent.llm;

import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One token shared by every call of a model client, fetched again while it still has
 * {@link #MARGIN} left: a call that starts just before expiry must not be refused halfway
 * through its retries. Thread-safe, as parallel attempts share it.
 */
final class CachedToken {
    static final Duration MARGIN = Duration.ofMinutes(5);

    private final TokenSource source;
    private final Clock clock;
    private TokenSource.Token current;

    CachedToken(TokenSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    synchronized String value() throws EvaluationException {
        Instant now = clock.instant();
        if (current == null || !now.plus(MARGIN).isBefore(current.expiresAt())) {
            try {
                current = source.fetch();
            } catch (IOException | RuntimeException e) {
                throw new EvaluationException(ErrorKind.MODEL_API, "cannot get a Google access token for Vertex AI: "
                        + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip(), e);
            }
        }
        return current.value();
    }

    RequestSigner signer() {
        return () -> java.util.Map.of("authorization", "Bearer " + value());
    }
}
