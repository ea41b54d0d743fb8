package dev.arena.agent.llm;

import dev.arena.ArenaException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A model as the user named it, LiteLLM style: {@code provider/model}, or a bare name whose
 * prefix says the provider ({@code claude-*} is Anthropic's; {@code gpt-*}, {@code o1*},
 * {@code o3*}, {@code o4*} are OpenAI's).
 *
 * @param name     the name as given, recorded in results
 * @param provider whose API serves it
 * @param id       the model id that API expects, e.g. {@code claude-sonnet-4-5} or, for
 *                 OpenRouter, {@code anthropic/claude-sonnet-4.5}
 */
public record ModelRef(String name, Provider provider, String id) {

    /** A Claude model: on Vertex AI it is served in Anthropic's Messages shape, not Chat Completions. */
    public boolean isClaude() {
        return id.toLowerCase(Locale.ROOT).startsWith("claude-");
    }

    public static ModelRef parse(String name) {
        if (name == null || name.isBlank()) {
            throw ArenaException.usage("the gladiator agent needs --model, e.g. --model anthropic/claude-sonnet-4-6");
        }
        String trimmed = name.strip();
        int slash = trimmed.indexOf('/');
        if (slash >= 0) {
            String prefix = trimmed.substring(0, slash).toLowerCase(Locale.ROOT);
            String id = trimmed.substring(slash + 1);
            Provider provider = Arrays.stream(Provider.values()).filter(p -> p.prefix().equals(prefix)).findFirst()
                    .orElseThrow(() -> ArenaException.usage("unknown model provider '" + prefix + "' in --model " + trimmed
                            + "; use one of " + prefixes() + " (any OpenAI-compatible server: openai/<model> with --model-base-url)"));
            if (id.isBlank()) {
                throw ArenaException.usage("--model " + trimmed + " names no model after the provider");
            }
            return new ModelRef(trimmed, provider, id);
        }
        return new ModelRef(trimmed, providerOfBareName(trimmed), trimmed);
    }

    private static Provider providerOfBareName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("claude-")) {
            return Provider.ANTHROPIC;
        }
        if (lower.startsWith("gpt-") || lower.startsWith("o1") || lower.startsWith("o3") || lower.startsWith("o4")) {
            return Provider.OPENAI;
        }
        throw ArenaException.usage("cannot tell the provider of model '" + name + "'; write it as <provider>/<model> with provider one of "
                + prefixes());
    }

    private static String prefixes() {
        return Arrays.stream(Provider.values()).map(Provider::prefix).collect(Collectors.joining(", "));
    }
}
