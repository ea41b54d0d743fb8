package dev.arena.agent.llm;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ProviderPace} of each provider address: one per provider and base URL, so every
 * task of a run, and the model gateway's forwarded calls, wait on the same limit. The process
 * keeps one registry ({@link #shared}); tests make their own.
 */
public final class ProviderPaces {
    /** Calls in flight to one provider at first; successes may raise it to {@link #MAX_LIMIT}. */
    public static final int START_LIMIT = 16;
    public static final int MAX_LIMIT = 64;
    private static final ProviderPaces SHARED = new ProviderPaces(START_LIMIT, MAX_LIMIT, Clock.systemUTC());

    private final int start;
    private final int max;
    private final Clock clock;
    private final Map<String, ProviderPace> paces = new ConcurrentHashMap<>();

    public ProviderPaces(int start, int max, Clock clock) {
        this.start = start;
        this.max = max;
        this.clock = clock;
    }

    public static ProviderPaces shared() {
        return SHARED;
    }

    /** The pace of {@code provider} at {@code baseUrl}; trailing slashes do not make another one. */
    public ProviderPace pace(Provider provider, String baseUrl) {
        String key = provider.prefix() + " " + baseUrl.strip().replaceAll("/+$", "");
        return paces.computeIfAbsent(key, k -> new ProviderPace(k, start, max, clock));
    }
}
