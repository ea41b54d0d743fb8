package dev.arena.agent.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** {@code arena models}: the catalog's models whose name matches a pattern, as a table or as JSON. */
public final class ModelListing {
    private final List<ModelCatalog.Model> models;
    private final LocalDate today;

    private ModelListing(List<ModelCatalog.Model> models, LocalDate today) {
        this.models = models;
        this.today = today;
    }

    /**
     * The models whose name contains {@code pattern} (case-insensitive; {@code *} matches any
     * run of characters, and then the whole name must match), sorted by provider and name.
     */
    public static ModelListing of(ModelCatalog catalog, String pattern, LocalDate today) {
        Pattern match = pattern == null || pattern.isBlank() ? null : compile(pattern);
        List<ModelCatalog.Model> chosen = catalog.models().stream()
                .filter(m -> match == null || match.matcher(m.name().toLowerCase(Locale.ROOT)).find())
                .sorted(Comparator.comparing(ModelCatalog.Model::provider).thenComparing(ModelCatalog.Model::name))
                .toList();
        return new ModelListing(chosen, today);
    }

    private static Pattern compile(String pattern) {
        String lower = pattern.toLowerCase(Locale.ROOT);
        if (!lower.contains("*")) {
            return Pattern.compile(Pattern.quote(lower));
        }
        StringBuilder regex = new StringBuilder("^");
        for (String part : lower.split("\\*", -1)) {
            regex.append(Pattern.quote(part)).append(".*");
        }
        regex.setLength(regex.length() - 2);
        return Pattern.compile(regex.append('$').toString());
    }

    public boolean isEmpty() {
        return models.isEmpty();
    }

    /** One header line, then one line per model; prices in USD per million tokens. */
    public List<String> lines() {
        String row = "%-42s %-26s %9s %8s %8s %8s %8s  %s";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, row, "MODEL", "PROVIDER", "CONTEXT", "INPUT", "OUTPUT", "CACHE-R", "CACHE-W", "NOTES"));
        for (ModelCatalog.Model m : models) {
            ModelCatalog.Prices p = m.prices();
            List<String> notes = new ArrayList<>();
            if (m.retired() != null) {
                notes.add((m.retiredBy(today) ? "RETIRED " : "retires ") + m.retired());
            }
            if (p.tier() != null) {
                notes.add("above " + p.tier().aboveTokens() / 1000 + "k: " + number(p.tier().rates().input()) + "/"
                        + number(p.tier().rates().output()));
            }
            lines.add(String.format(Locale.ROOT, row, m.name(), m.provider(), m.contextWindow() == null ? "-" : m.contextWindow(),
                    number(p.input()), number(p.output()), number(p.cacheRead()), number(p.cacheWrite()), String.join("; ", notes)).stripTrailing());
        }
        return lines;
    }

    /** The same models as a JSON array, for scripts. */
    public ArrayNode json() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (ModelCatalog.Model m : models) {
            ObjectNode o = out.addObject();
            o.put("name", m.name());
            o.put("provider", m.provider());
            if (m.contextWindow() != null) {
                o.put("context_window", m.contextWindow());
            }
            if (m.maxOutput() != null) {
                o.put("max_output", m.maxOutput());
            }
            ModelCatalog.Prices p = m.prices();
            o.put("input", p.input());
            o.put("output", p.output());
            o.put("cache_read", p.cacheRead());
            o.put("cache_write", p.cacheWrite());
            if (p.tier() != null) {
                ObjectNode t = o.putObject("tier");
                t.put("above_tokens", p.tier().aboveTokens());
                t.put("input", p.tier().rates().input());
                t.put("output", p.tier().rates().output());
                t.put("cache_read", p.tier().rates().cacheRead());
                t.put("cache_write", p.tier().rates().cacheWrite());
            }
            o.put("retired", m.retired() == null ? null : m.retired().toString());
            o.put("is_retired", m.retiredBy(today));
        }
        return out;
    }

    /** "in 1.25, out 10, cache 0.125/0 (above 200k: 2.5, 15, 0.25/0)": a model's prices on one line. */
    static String prices(ModelCatalog.Prices p) {
        String base = "in " + number(p.input()) + ", out " + number(p.output()) + ", cache " + number(p.cacheRead()) + "/" + number(p.cacheWrite());
        if (p.tier() == null) {
            return base;
        }
        ModelCatalog.Rates t = p.tier().rates();
        return base + " (above " + p.tier().aboveTokens() / 1000 + "k: " + number(t.input()) + ", " + number(t.output()) + ", "
                + number(t.cacheRead()) + "/" + number(t.cacheWrite()) + ")";
    }

    private static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
