package dev.arena.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.config.Settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What arena knows about models: prices in USD per million tokens (with the dearer tier some
 * models charge once a call's prompt passes a size), context and output limits, the vendor's
 * retirement date. The data is generated from LiteLLM's price file ({@link LiteLlmConversion}):
 * the copy bundled in the jar, or the user's own copy written by {@code arena models update},
 * which wins. An unknown model has no price (its cost is null, never a guess) and the default
 * context window.
 */
public final class ModelCatalog {
    public static final int DEFAULT_CONTEXT_WINDOW = 128_000;
    /** The name of the bundled resource and of the user's copy in the settings folder. */
    public static final String FILE_NAME = "model-catalog.json";

    /** USD per million tokens of one price level. */
    public record Rates(double input, double output, double cacheRead, double cacheWrite) {
        double cost(TokenUsage usage) {
            return (usage.input() * input + usage.output() * output + usage.cacheRead() * cacheRead
                    + usage.cacheWrite() * cacheWrite) / 1_000_000.0;
        }
    }

    /** The rates of a call whose prompt (fresh, cache-read and cache-write tokens) is more than {@code aboveTokens}. */
    public record Tier(long aboveTokens, Rates rates) {
    }

    /** USD per million tokens of each kind, and the tier above a prompt size when the model has one. */
    public record Prices(double input, double output, double cacheRead, double cacheWrite, Tier tier) {
        public Prices(double input, double output, double cacheRead, double cacheWrite) {
            this(input, output, cacheRead, cacheWrite, null);
        }

        /** The cost of ONE call: the tier's rates for every token of a call whose prompt passes the tier. */
        public double cost(TokenUsage call) {
            if (tier != null && call.promptTokens() > tier.aboveTokens()) {
                return tier.rates().cost(call);
            }
            return new Rates(input, output, cacheRead, cacheWrite).cost(call);
        }
    }

    /** One model of the catalog, under its LiteLLM name. */
    public record Model(String name, String provider, Prices prices, Integer contextWindow, Integer maxOutput,
                        LocalDate retired) {
        public boolean retiredBy(LocalDate day) {
            return retired != null && !retired.isAfter(day);
        }
    }

    private final Map<String, Model> byName;
    private final Map<String, Model> byKey;
    private final String source;

    private ModelCatalog(Map<String, Model> byName, String source) {
        this.byName = byName;
        this.source = source;
        this.byKey = new HashMap<>();
        // several LiteLLM names share a key (claude-sonnet-4-5 and its dated id, vertex and gemini/ copies):
        // the shortest name, then the first in order, speaks for the key
        byName.values().stream().sorted(Comparator.comparingInt((Model m) -> m.name().length()).thenComparing(Model::name))
                .forEach(m -> byKey.putIfAbsent(key(m.name()), m));
    }

    /** The user's copy when there is one, else the bundled catalog. */
    public static ModelCatalog load() {
        return load(System.getenv());
    }

    public static ModelCatalog load(Map<String, String> env) {
        Path user = userFile(env);
        if (Files.isRegularFile(user)) {
            try {
                return parse(new ObjectMapper().readTree(user.toFile()), user.toString());
            } catch (IOException | RuntimeException e) {
                System.err.println("warning: ignoring " + user + " (" + e.getMessage() + "); using the bundled model catalog");
            }
        }
        return bundled();
    }

    /** The catalog in the jar. */
    public static ModelCatalog bundled() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(FILE_NAME)) {
            if (in == null) {
                throw new IllegalStateException(FILE_NAME + " is missing from the jar");
            }
            return parse(new ObjectMapper().readTree(in), "bundled");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE_NAME, e);
        }
    }

    /** Where {@code arena models update} keeps the user's copy: beside the settings file. */
    public static Path userFile(Map<String, String> env) {
        return Settings.defaultFile(env).toAbsolutePath().getParent().resolve(FILE_NAME);
    }

    static ModelCatalog parse(JsonNode root, String source) {
        JsonNode models = root.path("models");
        if (!models.isObject()) {
            throw new IllegalArgumentException("not a model catalog: no \"models\" object");
        }
        Map<String, Model> byName = new LinkedHashMap<>();
        models.properties().forEach(e -> byName.put(e.getKey().toLowerCase(Locale.ROOT), model(e.getKey(), e.getValue())));
        return new ModelCatalog(byName, source);
    }

    private static Model model(String name, JsonNode m) {
        Tier tier = null;
        JsonNode t = m.path("tier");
        if (t.isObject()) {
            tier = new Tier(t.path("above_tokens").asLong(), new Rates(t.path("input").asDouble(), t.path("output").asDouble(),
                    t.path("cache_read").asDouble(), t.path("cache_write").asDouble()));
        }
        Prices prices = new Prices(m.path("input").asDouble(), m.path("output").asDouble(), m.path("cache_read").asDouble(),
                m.path("cache_write").asDouble(), tier);
        return new Model(name, m.path("provider").asText(""), prices, intOrNull(m.path("context_window")),
                intOrNull(m.path("max_output")), date(m.path("retired").asText(null)));
    }

    private static Integer intOrNull(JsonNode n) {
        return n.isNumber() ? n.asInt() : null;
    }

    private static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null; // LiteLLM has a few free-text dates; not a retirement we can act on
        }
    }

    /** "bundled" or the path of the user's copy. */
    public String source() {
        return source;
    }

    public Collection<Model> models() {
        return byName.values();
    }

    /**
     * The model a name means: LiteLLM's own name ({@code gemini/gemini-3.1-pro-preview}), the bare
     * id ({@code gpt-5.1}), or any spelling with the same key ({@code anthropic/claude-sonnet-4.5},
     * {@code claude-sonnet-4-5-20250929}, {@code openrouter/anthropic/claude-sonnet-4.5}).
     */
    public Optional<Model> find(ModelRef model) {
        String name = model.name().toLowerCase(Locale.ROOT);
        String id = model.id().toLowerCase(Locale.ROOT);
        for (String exact : new String[] {name, model.provider().prefix() + "/" + id, id}) {
            Model m = byName.get(exact);
            if (m != null) {
                return Optional.of(m);
            }
        }
        return Optional.ofNullable(byKey.get(key(id)));
    }

    public Optional<Prices> prices(ModelRef model) {
        return find(model).map(Model::prices);
    }

    public int contextWindow(ModelRef model) {
        return find(model).map(Model::contextWindow).orElse(DEFAULT_CONTEXT_WINDOW);
    }

    /**
     * The one line a run prints before it starts when its model is retired or unknown (the run
     * goes on: a retired model may still answer through a proxy, and an unknown one is only unpriced).
     */
    public Optional<String> warning(ModelRef model, LocalDate today) {
        Optional<Model> found = find(model);
        if (found.isEmpty()) {
            return Optional.of("warning: model " + model.name() + " is not in the model catalog (" + source
                    + "): its cost will be null; `arena models update` refreshes the catalog");
        }
        Model m = found.get();
        if (m.retiredBy(today)) {
            return Optional.of("warning: model " + model.name() + " was retired by its vendor on " + m.retired()
                    + "; its calls may fail (`arena models` lists current models)");
        }
        return Optional.empty();
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
