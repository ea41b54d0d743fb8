package dev.arena.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalStoreTest {

    @TempDir
    Path tmp;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> namesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void putCreatesTheFoldersAndGetReadsTheBytes() throws IOException {
        LocalStore store = new LocalStore(tmp.resolve("runs"));
        store.put("run-1/ds/task-1/result.json", utf8("{\"a\":1}"));
        Path file = tmp.resolve("runs/run-1/ds/task-1/result.json");
        assertTrue(Files.isRegularFile(file));
        assertEquals("{\"a\":1}", Files.readString(file));
        assertArrayEquals(utf8("{\"a\":1}"), store.get("run-1/ds/task-1/result.json").orElseThrow());
        assertTrue(store.exists("run-1/ds/task-1/result.json"));
        assertEquals(file.toString(), store.locate("run-1/ds/task-1/result.json"));
        assertEquals(file, store.path("run-1/ds/task-1/result.json"));
    }

    @Test
    void overwriteReplacesTheContentAndLeavesNoTempFiles() throws IOException {
        LocalStore store = new LocalStore(tmp);
        store.put("r/summary.json", utf8("first, longer content"));
        store.put("r/summary.json", utf8("second"));
        store.put("r/summary.json", new byte[0]);
        store.put("r/summary.json", utf8("third"));
        assertEquals("third", new String(store.get("r/summary.json").orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(List.of("summary.json"), namesIn(tmp.resolve("r")));
    }

    @Test
    void putOfEmptyContentWritesAnEmptyFile() {
        LocalStore store = new LocalStore(tmp);
        store.put("empty.txt", new byte[0]);
        assertArrayEquals(new byte[0], store.get("empty.txt").orElseThrow());
    }

    @Test
    void getOfAMissingKeyIsEmpty() {
        LocalStore store = new LocalStore(tmp);
        assertEquals(Optional.empty(), store.get("nope/result.json"));
        assertFalse(store.exists("nope/result.json"));
    }

    @Test
    void existsIsFalseForAFolder() {
        LocalStore store = new LocalStore(tmp);
        store.put("run/ds/task/result.json", utf8("x"));
        assertFalse(store.exists("run/ds"));
        assertTrue(store.exists("run/ds/task/result.json"));
    }

    @Test
    void listIsSortedRecursiveAndFilteredByPrefix() {
        LocalStore store = new LocalStore(tmp);
        for (String key : List.of("run-1/ds/task-2/result.json", "run-1/run.json", "run-1/ds/task-1/logs/task.log",
                "run-1/ds/task-1/result.json", "run-10/run.json", "run-2/run.json", "other/x")) {
            store.put(key, utf8(key));
        }
        assertEquals(List.of("run-1/ds/task-1/logs/task.log", "run-1/ds/task-1/result.json",
                "run-1/ds/task-2/result.json", "run-1/run.json"), store.keys("run-1/"));
        assertEquals(List.of("run-1/ds/task-1/logs/task.log", "run-1/ds/task-1/result.json",
                "run-1/ds/task-2/result.json", "run-1/run.json", "run-10/run.json"), store.keys("run-1"));
        assertEquals(List.of("run-1/ds/task-1/logs/task.log", "run-1/ds/task-1/result.json"),
                store.keys("run-1/ds/task-1"));
        assertEquals(List.of("other/x", "run-1/ds/task-1/logs/task.log", "run-1/ds/task-1/result.json",
                "run-1/ds/task-2/result.json", "run-1/run.json", "run-10/run.json", "run-2/run.json"), store.keys(""));
    }

    @Test
    void listOfAMissingPrefixIsEmpty() {
        LocalStore store = new LocalStore(tmp.resolve("not-created-yet"));
        assertEquals(List.of(), store.keys("run-1/"));
        assertEquals(List.of(), store.keys(""));
    }

    @Test
    void listExcludesHiddenFiles() throws IOException {
        LocalStore store = new LocalStore(tmp);
        store.put("run/ds/task/result.json", utf8("{}"));
        Files.writeString(tmp.resolve("run/ds/task/.result.json12345.tmp"), "half");
        Files.writeString(tmp.resolve("run/.DS_Store"), "");
        assertEquals(List.of("run/ds/task/result.json"), store.keys("run/"));
    }

    @Test
    void keysThatEscapeTheRootAreRefused() {
        LocalStore store = new LocalStore(tmp.resolve("runs"));
        for (String key : List.of("../outside.txt", "run/../../outside.txt", "run/ds/../../../x", "/etc/passwd", "..")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.put(key, utf8("x")), key);
            assertEquals("key escapes the store: " + key, e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.get(key), key);
            assertThrows(IllegalArgumentException.class, () -> store.exists(key), key);
        }
        assertFalse(Files.exists(tmp.resolve("outside.txt")));
    }

    @Test
    void aSiblingFolderWithTheSameNamePrefixIsOutside() {
        LocalStore store = new LocalStore(tmp.resolve("runs"));
        assertThrows(IllegalArgumentException.class, () -> store.put("../runs2/x", utf8("x")));
        assertFalse(Files.exists(tmp.resolve("runs2")));
    }

    @Test
    void dotDotThatStaysInsideIsNormalized() {
        LocalStore store = new LocalStore(tmp);
        store.put("a/../b/file.txt", utf8("inside"));
        assertEquals("inside", new String(store.get("b/file.txt").orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(List.of("b/file.txt"), store.keys(""));
    }

    @Test
    void theRootIsAbsoluteAndNormalized() {
        LocalStore store = new LocalStore(Path.of("runs", "x", ".."));
        assertEquals(Path.of("runs").toAbsolutePath(), store.root());
    }
}
