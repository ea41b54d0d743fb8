package dev.arena.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * What a dataset says about its own grading, in an optional {@code arena.json} at its root:
 * <pre>{"protected_paths": ["glob", ...], "tests_network": "none" | "bridge"}</pre>
 * {@code protected_paths} are added to the default protected set (test-harness paths whose changes
 * in an agent's patch are not applied at grading), written as git {@code :(glob)} pathspecs relative
 * to {@code /app} ({@code *} stays within a folder, {@code **}{@code /} crosses folders).
 * {@code tests_network} is the network mode of the grading container ({@code none} unless the
 * tests need a network). A missing file means the defaults; anything else that is not exactly this
 * shape is refused, with one line saying why.
 */
public record DatasetSettings(List<String> protectedPaths, String testsNetwork) {
    public static final String FILE = "arena.json";
    public static final Set<String> NETWORKS = Set.of("none", "bridge");
    public static final DatasetSettings DEFAULT = new DatasetSettings(List.of(), "none");

    public DatasetSettings {
        protectedPaths = List.copyOf(protectedPaths);
    }

    /** The settings of the dataset in {@code datasetDir}: its arena.json, or the defaults when it has none. */
    public static DatasetSettings read(Path datasetDir) throws Invalid {
        Path file = datasetDir.resolve(FILE);
        if (!Files.exists(file)) {
            return DEFAULT;
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Invalid("cannot read " + FILE + ": " + e.getMessage());
        }
    }

    public static DatasetSettings parse(String json) throws Invalid {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new Invalid(FILE + " is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new Invalid(FILE + " must hold a JSON object");
        }
        List<String> paths = new ArrayList<>();
        String network = DEFAULT.testsNetwork();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode value = root.get(name);
            switch (name) {
                case "protected_paths" -> paths.addAll(globs(value));
                case "tests_network" -> {
                    if (!value.isTextual() || !NETWORKS.contains(value.asText())) {
                        throw new Invalid(FILE + ": tests_network must be \"none\" or \"bridge\", not " + value);
                    }
                    network = value.asText();
                }
                default -> throw new Invalid(FILE + ": unknown key \"" + name + "\" (known: protected_paths, tests_network)");
            }
        }
        return new DatasetSettings(paths, network);
    }

    private static List<String> globs(JsonNode value) throws Invalid {
        if (!value.isArray()) {
            throw new Invalid(FILE + ": protected_paths must be a list of globs");
        }
        List<String> globs = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new Invalid(FILE + ": protected_paths holds " + item + ", not a glob string");
            }
            String glob = item.asText();
            if (glob.isBlank() || glob.startsWith("/") || glob.startsWith(":") || glob.chars().anyMatch(c -> c < 0x20 || c == '\'')) {
                throw new Invalid(FILE + ": protected path " + item + " must be a glob relative to /app"
                        + " (not empty, no leading '/' or ':', no quote or control character)");
            }
            globs.add(glob);
        }
        return globs;
    }

    /** arena.json is not what it should be; the message is one line for people. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }
}
