package dev.arena;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cluster packages stay below {@code gcp} and {@code transfer} below {@code run} (docs/ARCHITECTURE.md):
 * no compiled class of a lower package names a class of a higher one, imports and fully qualified
 * names alike (both end up in the class file's constant pool).
 */
class ClusterLayeringTest {
    private static final Path CLASSES = Path.of("target", "classes", "dev", "arena");

    @Test
    void k8sAndRunAndTransferDoNotNameGcp() throws IOException {
        assertEquals(List.of(), offenders(List.of("k8s", "run", "transfer"), "dev/arena/gcp/"));
    }

    @Test
    void transferDoesNotNameRunOrK8s() throws IOException {
        assertEquals(List.of(), offenders(List.of("transfer"), "dev/arena/run/"));
        assertEquals(List.of(), offenders(List.of("transfer"), "dev/arena/k8s/"));
    }

    private static List<String> offenders(List<String> packages, String forbidden) throws IOException {
        List<String> found = new ArrayList<>();
        for (String p : packages) {
            try (Stream<Path> files = Files.list(CLASSES.resolve(p))) {
                for (Path f : files.filter(x -> x.toString().endsWith(".class")).sorted().toList()) {
                    // class names in the constant pool are modified UTF-8; ASCII names read the same in ISO-8859-1
                    if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(forbidden)) {
                        found.add(p + "/" + f.getFileName() + " -> " + forbidden);
                    }
                }
            }
        }
        return found;
    }
}
