package dev.arena.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetSettingsTest {
    @TempDir
    Path dir;

    @Test
    void noArenaJsonMeansTheDefaults() throws Exception {
        DatasetSettings s = DatasetSettings.read(dir);
        assertEquals(DatasetSettings.DEFAULT, s);
        assertEquals("none", s.testsNetwork());
        assertEquals(List.of(), s.protectedPaths());
    }

    @Test
    void readsProtectedPathsAndTheTestsNetwork() throws Exception {
        Files.writeString(dir.resolve("arena.json"), """
                {"protected_paths": ["fixtures/**", "**/golden_*.txt"], "tests_network": "bridge"}
                """);
        DatasetSettings s = DatasetSettings.read(dir);
        assertEquals(List.of("fixtures/**", "**/golden_*.txt"), s.protectedPaths());
        assertEquals("bridge", s.testsNetwork());
    }

    @Test
    void eachKeyIsOptional() throws Exception {
        assertEquals(new DatasetSettings(List.of("a.txt"), "none"), DatasetSettings.parse("{\"protected_paths\": [\"a.txt\"]}"));
        assertEquals(new DatasetSettings(List.of(), "none"), DatasetSettings.parse("{\"tests_network\": \"none\"}"));
        assertEquals(DatasetSettings.DEFAULT, DatasetSettings.parse("{}"));
    }

    @Test
    void refusesWhatIsNotExactlyTheShapeWithOneLine() {
        assertMessage("arena.json is not valid JSON: ", "{\"tests_network\": ");
        assertMessage("arena.json must hold a JSON object", "[\"x\"]");
        assertMessage("arena.json: tests_network must be \"none\" or \"bridge\", not \"host\"", "{\"tests_network\": \"host\"}");
        assertMessage("arena.json: tests_network must be \"none\" or \"bridge\", not true", "{\"tests_network\": true}");
        assertMessage("arena.json: unknown key \"protected_path\" (known: protected_paths, tests_network)", "{\"protected_path\": []}");
        assertMessage("arena.json: protected_paths must be a list of globs", "{\"protected_paths\": \"x\"}");
        assertMessage("arena.json: protected_paths holds 3, not a glob string", "{\"protected_paths\": [3]}");
        for (String bad : List.of("", "/abs", ":(exclude)x", "it's", "a\\nb")) {
            assertMessage("arena.json: protected path \"" + bad + "\" must be a glob relative to /app",
                    "{\"protected_paths\": [\"" + bad + "\"]}");
        }
    }

    @Test
    void anUnreadableFileIsInvalid() throws IOException {
        Files.createDirectory(dir.resolve("arena.json"));
        DatasetSettings.Invalid e = assertThrows(DatasetSettings.Invalid.class, () -> DatasetSettings.read(dir));
        assertTrue(e.getMessage().startsWith("cannot read arena.json"), e.getMessage());
    }

    private static void assertMessage(String prefix, String json) {
        DatasetSettings.Invalid e = assertThrows(DatasetSettings.Invalid.class, () -> DatasetSettings.parse(json), json);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
