package dev.arena.config;

import dev.arena.ArenaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() {
        Path file = dir.resolve("settings.json");
        Settings.write(file, Map.of(Settings.Key.BUCKET, "from-file", Settings.Key.REGION, "europe-west4"));
        Settings s = Settings.load(Map.of("ARENA_BUCKET", "from-env"), file);

        assertEquals(new Settings.Value("from-flag", Settings.Source.FLAG), s.resolve(Settings.Key.BUCKET, "from-flag"));
        assertEquals(new Settings.Value("from-env", Settings.Source.ENVIRONMENT), s.resolve(Settings.Key.BUCKET, null));
        assertEquals(new Settings.Value("europe-west4", Settings.Source.FILE), s.resolve(Settings.Key.REGION, null));
        assertEquals(new Settings.Value("ide-arena-cluster", Settings.Source.DEFAULT), s.resolve(Settings.Key.CLUSTER, null));
        assertEquals(new Settings.Value(null, Settings.Source.UNSET), s.resolve(Settings.Key.PROJECT, null));
    }

    @Test
    void theOriginalScriptsVariablesAreReadWhenNoArenaOneIsSet() {
        Path file = dir.resolve("settings.json");
        Settings.write(file, Map.of(Settings.Key.PROJECT, "file-project", Settings.Key.CLUSTER, "file-cluster", Settings.Key.BUCKET, "file-bucket"));
        Settings s = Settings.load(Map.of("GCP_PROJECT_ID", "old-project", "CLUSTER_NAME", "old-cluster", "GCS_BUCKET", "old-bucket"), file);

        assertEquals(new Settings.Value("old-project", Settings.Source.ENVIRONMENT), s.resolve(Settings.Key.PROJECT, null));
        assertEquals(new Settings.Value("old-cluster", Settings.Source.ENVIRONMENT), s.resolve(Settings.Key.CLUSTER, null));
        assertEquals(new Settings.Value("old-bucket", Settings.Source.ENVIRONMENT), s.resolve(Settings.Key.BUCKET, null));
        assertEquals("flag", s.get(Settings.Key.BUCKET, "flag"), "a flag still wins");
    }

    @Test
    void anArenaVariableWinsOverTheOriginalScriptsOne() {
        Settings s = Settings.load(Map.of("ARENA_PROJECT", "new-project", "GCP_PROJECT_ID", "old-project",
                "ARENA_CLUSTER", "new-cluster", "CLUSTER_NAME", "old-cluster",
                "ARENA_BUCKET", "new-bucket", "GCS_BUCKET", "old-bucket"), dir.resolve("none.json"));

        assertEquals("new-project", s.get(Settings.Key.PROJECT, null));
        assertEquals("new-cluster", s.get(Settings.Key.CLUSTER, null));
        assertEquals("new-bucket", s.get(Settings.Key.BUCKET, null));
    }

    @Test
    void aBlankArenaVariableFallsBackToTheOriginalScriptsOne() {
        Settings s = Settings.load(Map.of("ARENA_BUCKET", " ", "GCS_BUCKET", "old-bucket"), dir.resolve("none.json"));
        assertEquals("old-bucket", s.get(Settings.Key.BUCKET, null));
    }

    @Test
    void blankValuesCountAsUnset() {
        Settings s = Settings.load(Map.of("ARENA_BUCKET", "  "), dir.resolve("none.json"));
        assertNull(s.get(Settings.Key.BUCKET, ""));
    }

    @Test
    void writeKeepsKeysItDoesNotKnowAndRemovesNulls() throws Exception {
        Path file = dir.resolve("nested/settings.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"future_key\": 3, \"bucket\": \"old\", \"registry\": \"r\"}");
        Map<Settings.Key, String> update = new EnumMap<>(Settings.Key.class);
        update.put(Settings.Key.BUCKET, "new");
        update.put(Settings.Key.REGISTRY, null);
        Settings.write(file, update);

        String text = Files.readString(file);
        assertTrue(text.contains("\"future_key\" : 3"), text);
        Settings s = Settings.load(Map.of(), file);
        assertEquals("new", s.get(Settings.Key.BUCKET, null));
        assertNull(s.get(Settings.Key.REGISTRY, null));
    }

    @Test
    void brokenFileIsAOneLineUsageError() throws Exception {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{\n \"bucket\": ");
        ArenaException e = assertThrows(ArenaException.class, () -> Settings.load(Map.of(), file));
        assertTrue(e.getMessage().startsWith("settings file " + file + " is not valid JSON"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void fileLocationFollowsArenaSettingsThenXdg() {
        assertEquals(Path.of("/x/s.json"), Settings.defaultFile(Map.of("ARENA_SETTINGS", "/x/s.json", "XDG_CONFIG_HOME", "/c")));
        assertEquals(Path.of("/c/arena/settings.json"), Settings.defaultFile(Map.of("XDG_CONFIG_HOME", "/c")));
    }
}
