package dev.arena.agent.llm;

/**
 * Tokens of one model call or a sum of them. {@code input} counts prompt tokens that were
 * neither read from nor written to the provider's prompt cache (Anthropic's convention; the
 * OpenAI client subtracts cached tokens to match), so each kind is priced once.
 */
public record TokenUsage(long input, long output, long cacheRead, long cacheWrite) {
    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0);

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(input + other.input, output + other.output, cacheRead + other.cacheRead, cacheWrite + other.cacheWrite);
    }

    /** Every token the model read: what "input tokens" means in result.json. */
    public long promptTokens() {
        return input + cacheRead + cacheWrite;
    }
}
