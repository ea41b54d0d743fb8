package dev.arena.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns LiteLLM's {@code model_prices_and_context_window.json} into arena's model catalog: the
 * chat models of the providers arena can call, each with its prices per million tokens (input,
 * output, cache read, cache write), the dearer tier above a prompt size, its context and output
 * limits, and its retirement date. The one implementation behind the bundled catalog
 * ({@code scripts/generate_model_catalog.py} runs {@link #main}) and {@code arena models update}.
 *
 * <p>Retirement dates LiteLLM lacks come from {@code retirements.json}, a separate, hand-kept
 * file; LiteLLM's own {@code deprecation_date} always wins.
 */
public final class LiteLlmConversion {
    /** LiteLLM's {@code litellm_provider} values whose models arena can call (vertex_ai-* covers Vertex's families). */
    static final Set<String> PROVIDERS = Set.of("anthropic", "openai", "gemini", "xai", "deepseek", "mistral", "groq",
            "together_ai", "openrouter", "vertex_ai");
    private static final Set<String> CHAT_MODES = Set.of("chat", "responses");
    private static final Pattern TIER_FIELD = Pattern.compile("^input_cost_per_token_above_(\\d+)k_tokens$");
    private static final String RETIREMENTS = "retirements.json";

    private LiteLlmConversion() {
    }

    /** {@code java -cp arena.jar dev.arena.agent.llm.LiteLlmConversion LITELLM_JSON CATALOG_JSON} */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LiteLlmConversion LITELLM_JSON CATALOG_JSON");
            System.exit(2);
        }
        JsonNode catalog = convert(new ObjectMapper().readTree(Path.of(args[0]).toFile()), bundledRetirements(),
                "LiteLLM's price file " + Path.of(args[0]).getFileName());
        Files.writeString(Path.of(args[1]), write(catalog));
        System.out.println("wrote " + catalog.path("models").size() + " models to " + args[1]);
    }

    /** The catalog as the bundled file is written: sorted, indented, one trailing newline. */
    static String write(JsonNode catalog) throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(catalog) + "\n";
    }

    /** The hand-kept retirement dates shipped in the jar: LiteLLM name or catalog key to yyyy-mm-dd. */
    static Map<String, String> bundledRetirements() {
        try (InputStream in = LiteLlmConversion.class.getResourceAsStream(RETIREMENTS)) {
            if (in == null) {
                return Map.of();
            }
            Map<String, String> dates = new HashMap<>();
            new ObjectMapper().readTree(in).path("retirements").properties().forEach(e -> dates.put(e.getKey(), e.getValue().asText()));
            return dates;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RETIREMENTS, e);
        }
    }

    /**
     * The catalog of {@code litellm}. Throws IllegalArgumentException when the input is not
     * LiteLLM's format (not an object of models, or no chat model with a price).
     */
    public static ObjectNode convert(JsonNode litellm, Map<String, String> retirements, String source) {
        if (litellm == null || !litellm.isObject()) {
            throw new IllegalArgumentException("not LiteLLM's price file: the top level is not an object of models");
        }
        Map<String, ObjectNode> models = new TreeMap<>();
        litellm.properties().forEach(e -> entry(e.getKey(), e.getValue(), retirements).ifPresent(m -> models.put(e.getKey(), m)));
        if (models.isEmpty()) {
            throw new IllegalArgumentException("not LiteLLM's price file: no chat model with input_cost_per_token and a known litellm_provider");
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("_comment", "Generated from " + source + " by LiteLlmConversion (scripts/generate_model_catalog.py or"
                + " `arena models update`); do not edit. Prices in USD per million tokens; tier: the rates of a call whose prompt"
                + " is more than above_tokens; retired: the vendor's retirement date.");
        ObjectNode out = root.putObject("models");
        models.forEach(out::set);
        return root;
    }

    private static Optional<ObjectNode> entry(String name, JsonNode m, Map<String, String> retirements) {
        String provider = m.path("litellm_provider").asText("");
        String mode = m.path("mode").asText("chat");
        if (!m.isObject() || !known(provider) || !CHAT_MODES.contains(mode) || !m.path("input_cost_per_token").isNumber()) {
            return Optional.empty();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("provider", provider);
        double input = perMillion(m, "input_cost_per_token", 0);
        double output = perMillion(m, "output_cost_per_token", 0);
        double cacheRead = perMillion(m, "cache_read_input_token_cost", 0);
        double cacheWrite = perMillion(m, "cache_creation_input_token_cost", 0);
        out.put("input", input);
        out.put("output", output);
        out.put("cache_read", cacheRead);
        out.put("cache_write", cacheWrite);
        tierSize(m).ifPresent(k -> {
            ObjectNode tier = out.putObject("tier");
            tier.put("above_tokens", k * 1000L);
            tier.put("input", perMillion(m, "input_cost_per_token_above_" + k + "k_tokens", input));
            tier.put("output", perMillion(m, "output_cost_per_token_above_" + k + "k_tokens", output));
            tier.put("cache_read", perMillion(m, "cache_read_input_token_cost_above_" + k + "k_tokens", cacheRead));
            tier.put("cache_write", perMillion(m, "cache_creation_input_token_cost_above_" + k + "k_tokens", cacheWrite));
        });
        JsonNode context = m.path("max_input_tokens").isNumber() ? m.path("max_input_tokens") : m.path("max_tokens");
        if (context.isNumber()) {
            out.put("context_window", context.asLong());
        }
        if (m.path("max_output_tokens").isNumber()) {
            out.put("max_output", m.path("max_output_tokens").asLong());
        }
        String retired = m.path("deprecation_date").isTextual() ? m.path("deprecation_date").asText()
                : retirements.getOrDefault(name, retirements.get(ModelCatalog.key(name)));
        if (retired != null) {
            out.put("retired", retired);
        }
        return Optional.of(out);
    }

    private static boolean known(String provider) {
        String p = provider.toLowerCase(Locale.ROOT);
        return PROVIDERS.contains(p) || p.startsWith("vertex_ai-") || p.startsWith("vertex_ai_");
    }

    /** The smallest "above N k tokens" input tier the entry has, in thousands of tokens. */
    private static Optional<Long> tierSize(JsonNode m) {
        List<Long> sizes = new java.util.ArrayList<>();
        m.fieldNames().forEachRemaining(f -> {
            Matcher t = TIER_FIELD.matcher(f);
            if (t.matches() && m.path(f).isNumber()) {
                sizes.add(Long.parseLong(t.group(1)));
            }
        });
        return sizes.stream().min(Comparator.naturalOrder());
    }

    /** A per-token cost as USD per million tokens, in decimal so 1.25e-07 becomes 0.125, not 0.12499999999999999. */
    private static double perMillion(JsonNode m, String field, double otherwise) {
        JsonNode v = m.path(field);
        return v.isNumber() ? BigDecimal.valueOf(v.asDouble()).movePointRight(6).doubleValue() : otherwise;
    }
}
