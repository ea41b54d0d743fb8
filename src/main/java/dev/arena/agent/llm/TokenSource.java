package dev.arena.agent.llm;

import java.io.IOException;
import java.time.Instant;

/** Where short-lived bearer tokens come from: Google credentials for Vertex AI, a fake in tests. */
public interface TokenSource {
    /** A token and when it stops working. */
    record Token(String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token[expires " + expiresAt + "]";
        }
    }

    /** A new token from the issuer (a network call for real credentials). */
    Token fetch() throws IOException;
}
