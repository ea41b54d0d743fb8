package dev.arena.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where arena's cloud pieces live (project, region, cluster, bucket, namespace, registry,
 * kubeconfig context). Every command resolves each value the same way: its flag, then the
 * ARENA_* variable (then, for project, cluster and bucket, the variable the original scripts
 * used), then the settings file that `arena setup` writes, then the default.
 * The file is {@code $ARENA_SETTINGS}, else {@code $XDG_CONFIG_HOME/arena/settings.json},
 * else {@code ~/.config/arena/settings.json}.
 */
public final class Settings {
    public static final String FILE_ENV = "ARENA_SETTINGS";
    // constants for picocli's help texts, which need compile-time values
    public static final String BUCKET_ENV = "ARENA_BUCKET";
    public static final String REGISTRY_ENV = "ARENA_REGISTRY";
    public static final String DEFAULT_NAMESPACE = "ide-arena";
    public static final String VERTEX_LOCATION_ENV = "ARENA_VERTEX_LOCATION";

    /**
     * One setting: its key in the file, its variable, the original scripts' variable read when
     * that one is unset (null: none), and its default (null: none).
     */
    public enum Key {
        PROJECT("project", "ARENA_PROJECT", "GCP_PROJECT_ID", null),
        REGION("region", "ARENA_REGION", "us-central1"),
        CLUSTER("cluster", "ARENA_CLUSTER", "CLUSTER_NAME", "ide-arena-cluster"),
        BUCKET("bucket", BUCKET_ENV, "GCS_BUCKET", null),
        NAMESPACE("namespace", "ARENA_NAMESPACE", DEFAULT_NAMESPACE),
        REGISTRY("registry", REGISTRY_ENV, null),
        CONTEXT("context", "ARENA_CONTEXT", null),
        /** The Google service account the evaluator pods act as (Workload Identity). */
        SERVICE_ACCOUNT("gcp_service_account", "ARENA_GCP_SERVICE_ACCOUNT", null),
        /** Where {@code vertex_ai/MODEL} models are called, e.g. us-east5 or global; `arena setup --vertex` writes it. */
        VERTEX_LOCATION("vertex_location", VERTEX_LOCATION_ENV, null);

        public final String field;
        public final String env;
        public final String scriptsEnv;
        public final String defaultValue;

        Key(String field, String env, String defaultValue) {
            this(field, env, null, defaultValue);
        }

        Key(String field, String env, String scriptsEnv, String defaultValue) {
            this.field = field;
            this.env = env;
            this.scriptsEnv = scriptsEnv;
            this.defaultValue = defaultValue;
        }
    }

    /** Where a resolved value came from, for `arena doctor` and error messages. */
    public enum Source { FLAG, ENVIRONMENT, FILE, DEFAULT, UNSET }

    public record Value(String value, Source source) {
    }

    private final Map<String, String> env;
    private final Path file;
    private final Map<Key, String> fromFile;

    private Settings(Map<String, String> env, Path file, Map<Key, String> fromFile) {
        this.env = env;
        this.file = file;
        this.fromFile = fromFile;
    }

    /** The settings of this process: its environment and its settings file. */
    public static Settings load() {
        return load(System.getenv(), defaultFile(System.getenv()));
    }

    public static Settings load(Map<String, String> env, Path file) {
        return new Settings(Map.copyOf(env), file, readFile(file));
    }

    public static Path defaultFile(Map<String, String> env) {
        String explicit = env.get(FILE_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("arena").resolve("settings.json");
    }

    public Path file() {
        return file;
    }

    /** The value of {@code key} given the command's flag (null when not passed). */
    public Value resolve(Key key, String flag) {
        if (present(flag)) {
            return new Value(flag, Source.FLAG);
        }
        String fromEnv = env.get(key.env);
        if (present(fromEnv)) {
            return new Value(fromEnv, Source.ENVIRONMENT);
        }
        // people moving from the original scripts keep their environment; ours wins when both are set
        String fromScripts = key.scriptsEnv == null ? null : env.get(key.scriptsEnv);
        if (present(fromScripts)) {
            return new Value(fromScripts, Source.ENVIRONMENT);
        }
        String stored = fromFile.get(key);
        if (present(stored)) {
            return new Value(stored, Source.FILE);
        }
        return key.defaultValue != null ? new Value(key.defaultValue, Source.DEFAULT) : new Value(null, Source.UNSET);
    }

    /** Shorthand for {@code resolve(key, flag).value()}: may be null when nothing sets it. */
    public String get(Key key, String flag) {
        return resolve(key, flag).value();
    }

    /** What the settings file holds, without the environment or defaults. */
    public Map<Key, String> stored() {
        return fromFile;
    }

    /**
     * Writes {@code values} into the settings file, keeping the other keys it holds (also ones
     * a newer arena wrote). Atomic: a crash leaves the old file or the new one.
     */
    public static void write(Path file, Map<Key, String> values) {
        try {
            ObjectNode root = Files.isRegularFile(file) ? (ObjectNode) Json.mapper().readTree(file.toFile()) : Json.mapper().createObjectNode();
            values.forEach((k, v) -> {
                if (v == null) {
                    root.remove(k.field);
                } else {
                    root.put(k.field, v);
                }
            });
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".settings", ".tmp");
            Files.writeString(tmp, Json.mapper().writeValueAsString(root) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | ClassCastException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot write the settings file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<Key, String> readFile(Path file) {
        Map<Key, String> values = new EnumMap<>(Key.class);
        if (file == null || !Files.isRegularFile(file)) {
            return values;
        }
        try {
            var root = Json.mapper().readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw ArenaException.usage("settings file " + file + " is not a JSON object; fix or delete it");
            }
            for (Key k : Key.values()) {
                var node = root.get(k.field);
                if (node != null && node.isTextual()) {
                    values.put(k, node.asText());
                }
            }
            return values;
        } catch (JsonProcessingException e) {
            throw ArenaException.usage("settings file " + file + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + "); fix or delete it");
        } catch (IOException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot read the settings file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** The resolved values of every key, for printing. */
    public Map<Key, Value> all() {
        Map<Key, Value> out = new LinkedHashMap<>();
        for (Key k : Key.values()) {
            out.put(k, resolve(k, null));
        }
        return out;
    }
}
