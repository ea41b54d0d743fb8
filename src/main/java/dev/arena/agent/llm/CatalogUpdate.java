package dev.arena.agent.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.ArenaException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code arena models update}: reads LiteLLM's price file from a URL or a file, converts it with
 * {@link LiteLlmConversion}, writes the user's catalog copy (which then wins over the bundled
 * one) and says what changed against the catalog in effect before.
 */
public final class CatalogUpdate {
    public static final String DEFAULT_URL = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What an update did: the file written, its model count, and the names added, removed and repriced. */
    public record Summary(Path written, int models, List<String> added, List<String> removed, List<String> repriced) {
        /** The lines {@code arena models update} prints: one headline, then one line per change. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add("wrote " + written + ": " + models + " models (" + added.size() + " added, " + removed.size() + " removed, "
                    + repriced.size() + " price changes)");
            added.forEach(n -> lines.add("  + " + n));
            removed.forEach(n -> lines.add("  - " + n));
            repriced.forEach(n -> lines.add("  ~ " + n));
            return lines;
        }
    }

    private CatalogUpdate() {
    }

    /**
     * Updates {@code target} from {@code from} (an http(s) URL or a file), comparing with
     * {@code before}. Bad input (a missing or malformed file) is a usage error; a URL that cannot
     * be reached or answers with an error is an environment error.
     */
    public static Summary run(String from, Path target, ModelCatalog before) {
        String text = isUrl(from) ? download(from) : readFile(from);
        JsonNode litellm;
        try {
            litellm = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw ArenaException.usage(from + " is not JSON (" + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ")");
        }
        JsonNode catalog;
        try {
            catalog = LiteLlmConversion.convert(litellm, LiteLlmConversion.bundledRetirements(), from);
        } catch (IllegalArgumentException e) {
            throw ArenaException.usage(from + " is " + e.getMessage());
        }
        ModelCatalog after = ModelCatalog.parse(catalog, target.toString());
        write(target, catalog);
        return diff(target, before, after);
    }

    static Summary diff(Path target, ModelCatalog before, ModelCatalog after) {
        Map<String, ModelCatalog.Model> old = index(before);
        Map<String, ModelCatalog.Model> now = index(after);
        List<String> added = now.keySet().stream().filter(n -> !old.containsKey(n)).sorted().toList();
        List<String> removed = old.keySet().stream().filter(n -> !now.containsKey(n)).sorted().toList();
        List<String> repriced = now.keySet().stream().filter(old::containsKey).sorted()
                .filter(n -> !Objects.equals(old.get(n).prices(), now.get(n).prices()))
                .map(n -> n + ": " + ModelListing.prices(old.get(n).prices()) + " -> " + ModelListing.prices(now.get(n).prices()))
                .toList();
        return new Summary(target, now.size(), added, removed, repriced);
    }

    private static Map<String, ModelCatalog.Model> index(ModelCatalog catalog) {
        return catalog.models().stream().collect(Collectors.toMap(m -> m.name().toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a));
    }

    private static boolean isUrl(String from) {
        String lower = from.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private static String download(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ArenaException.usage("not a URL: " + url);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw ArenaException.environment("cannot download " + url + ": HTTP " + response.statusCode(), null);
            }
            return response.body();
        } catch (IOException e) {
            throw ArenaException.environment("cannot download " + url + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ArenaException.environment("interrupted while downloading " + url, e);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String readFile(String from) {
        try {
            return Files.readString(Path.of(from));
        } catch (NoSuchFileException e) {
            throw ArenaException.usage("no such file: " + from);
        } catch (IOException e) {
            throw ArenaException.usage("cannot read " + from + ": " + describe(e));
        }
    }

    /** Temp file + rename, so a run starting meanwhile reads the old copy or the new one, never half. */
    private static void write(Path target, JsonNode catalog) {
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".model-catalog", ".tmp");
            Files.writeString(temp, LiteLlmConversion.write(catalog));
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw ArenaException.environment("cannot write " + target + ": " + describe(e), e);
        }
    }
}
