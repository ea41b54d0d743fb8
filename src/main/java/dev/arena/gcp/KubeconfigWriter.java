package dev.arena.gcp;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Adds (or removes) one cluster's context to a kubeconfig file the way `gcloud container
 * clusters get-credentials` does: a cluster, a user that runs gke-gcloud-auth-plugin, and a
 * context joining them, all under one name. Every other entry of the file is kept; the current
 * context is set only when the file has none.
 */
public final class KubeconfigWriter {
    public enum Result { UNCHANGED, ADDED, UPDATED, REMOVED, ABSENT }

    /** What the context needs: its name, the API server address and its CA (base64 PEM, as GKE gives it). */
    public record Entry(String name, String server, String caData) {
    }

    private final Path file;

    public KubeconfigWriter(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** What {@link #write} would do, without writing. */
    public Result plan(Entry entry) {
        Map<String, Object> config = read();
        Map<String, Object> before = deepCopy(config);
        merge(config, entry);
        return config.equals(before) ? Result.UNCHANGED : present(before, "contexts", entry.name()) ? Result.UPDATED : Result.ADDED;
    }

    public Result write(Entry entry) {
        Map<String, Object> config = read();
        Map<String, Object> before = deepCopy(config);
        merge(config, entry);
        if (config.equals(before)) {
            return Result.UNCHANGED;
        }
        save(config);
        return present(before, "contexts", entry.name()) ? Result.UPDATED : Result.ADDED;
    }

    /** Removes the context, cluster and user named {@code name}; clears the current context when it was this one. */
    public Result remove(String name) {
        if (!Files.isRegularFile(file)) {
            return Result.ABSENT;
        }
        Map<String, Object> config = read();
        boolean removed = false;
        for (String section : List.of("clusters", "users", "contexts")) {
            removed |= list(config, section).removeIf(e -> name.equals(e.get("name")));
        }
        if (name.equals(config.get("current-context"))) {
            config.put("current-context", "");
            removed = true;
        }
        if (!removed) {
            return Result.ABSENT;
        }
        save(config);
        return Result.REMOVED;
    }

    private static void merge(Map<String, Object> config, Entry e) {
        config.putIfAbsent("apiVersion", "v1");
        config.putIfAbsent("kind", "Config");
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("certificate-authority-data", e.caData());
        cluster.put("server", e.server());
        put(config, "clusters", e.name(), "cluster", cluster);
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("apiVersion", "client.authentication.k8s.io/v1beta1");
        exec.put("command", "gke-gcloud-auth-plugin");
        exec.put("installHint", "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin");
        exec.put("provideClusterInfo", true);
        put(config, "users", e.name(), "user", new LinkedHashMap<>(Map.of("exec", exec)));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("cluster", e.name());
        context.put("user", e.name());
        put(config, "contexts", e.name(), "context", context);
        Object current = config.get("current-context");
        if (current == null || current.toString().isEmpty()) {
            config.put("current-context", e.name());
        }
    }

    private static void put(Map<String, Object> config, String section, String name, String field, Map<String, Object> value) {
        List<Map<String, Object>> entries = list(config, section);
        Map<String, Object> wanted = new LinkedHashMap<>();
        wanted.put("name", name);
        wanted.put(field, value);
        for (int i = 0; i < entries.size(); i++) {
            if (name.equals(entries.get(i).get("name"))) {
                if (!Objects.equals(entries.get(i).get(field), value)) {
                    entries.set(i, wanted);
                }
                return;
            }
        }
        entries.add(wanted);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> config, String section) {
        Object v = config.get(section);
        if (!(v instanceof List)) {
            v = new ArrayList<>();
            config.put(section, v);
        }
        return (List<Map<String, Object>>) v;
    }

    private static boolean present(Map<String, Object> config, String section, String name) {
        return config.get(section) instanceof List<?> l && l.stream().anyMatch(e -> e instanceof Map<?, ?> m && name.equals(m.get("name")));
    }

    private Map<String, Object> read() {
        if (!Files.isRegularFile(file)) {
            return new LinkedHashMap<>();
        }
        try {
            Object loaded = new Yaml().load(Files.readString(file));
            if (loaded == null) {
                return new LinkedHashMap<>();
            }
            if (!(loaded instanceof Map)) {
                throw new ArenaException(ExitCode.ENVIRONMENT, "kubeconfig " + file + " is not a YAML mapping; fix it or point KUBECONFIG elsewhere");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) loaded;
            return map;
        } catch (IOException | org.yaml.snakeyaml.error.YAMLException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot read kubeconfig " + file + ": " + GcpErrors.firstLine(e.getMessage()), e);
        }
    }

    private void save(Map<String, Object> config) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".kubeconfig", ".tmp");
            Files.writeString(tmp, new Yaml(options).dump(config));
            // the file holds credentials of other clusters: owner-only, like kubectl's
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot write kubeconfig " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> deepCopy(Map<String, Object> config) {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) new Yaml().load(new Yaml().dump(config));
        return copy == null ? new LinkedHashMap<>() : copy;
    }
}
