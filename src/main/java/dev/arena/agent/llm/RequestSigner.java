package dev.arena.agent.llm;

import dev.arena.result.EvaluationException;

import java.util.Map;

/** The headers that authorize one model call; asked before each call, so a short-lived token is fresh. */
@FunctionalInterface
interface RequestSigner {
    Map<String, String> headers() throws EvaluationException;

    static RequestSigner bearer(String key) {
        Map<String, String> headers = Map.of("authorization", "Bearer " + key);
        return () -> headers;
    }
}
