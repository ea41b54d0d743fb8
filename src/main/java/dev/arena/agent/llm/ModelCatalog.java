package dev.arena.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What arena knows about models from {@code model-catalog.json}: prices in USD per million
 * tokens and context windows. An unknown model has no price (its cost is null, never a guess)
 * and the default context window.
 */
public final class ModelCatalog {
    public static final int DEFAULT_CONTEXT_WINDOW = 128_000;
    private static final String RESOURCE = "model-catalog.json";

    /** USD per million tokens of each kind. */
    public record Prices(double input, double output, double cacheRead, double cacheWrite) {
        public double cost(TokenUsage usage) {
            return (usage.input() * input + usage.output() * output + usage.cacheRead() * cacheRead
                    + usage.cacheWrite() * cacheWrite) / 1_000_000.0;
        }
    }

    private record Entry(Prices prices, int contextWindow) {
    }

    private final Map<String, Entry> entries;

    private ModelCatalog(Map<String, Entry> entries) {
        this.entries = entries;
    }

    public static ModelCatalog load() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static ModelCatalog parse(JsonNode root) {
        Map<String, Entry> entries = new HashMap<>();
        root.path("models").properties().forEach(e -> {
            JsonNode m = e.getValue();
            entries.put(key(e.getKey()), new Entry(new Prices(m.path("input").asDouble(), m.path("output").asDouble(),
                    m.path("cache_read").asDouble(), m.path("cache_write").asDouble()), m.path("context_window").asInt(DEFAULT_CONTEXT_WINDOW)));
        });
        return new ModelCatalog(entries);
    }

    public Optional<Prices> prices(ModelRef model) {
        return Optional.ofNullable(entries.get(key(model.id()))).map(Entry::prices);
    }

    public int contextWindow(ModelRef model) {
        Entry entry = entries.get(key(model.id()));
        return entry == null ? DEFAULT_CONTEXT_WINDOW : entry.contextWindow();
    }

    /**
     * One spelling per model: OpenRouter's {@code anthropic/claude-sonnet-4.5}, Anthropic's
     * {@code claude-sonnet-4-5-20250929} and {@code claude-sonnet-4-5} all become the last.
     */
    static String key(String id) {
        String name = id.substring(id.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT).replace('.', '-');
        return name.replaceAll("-(\\d{8}|\\d{4}-\\d{2}-\\d{2})$", "").replaceAll("-latest$", "");
    }
}
