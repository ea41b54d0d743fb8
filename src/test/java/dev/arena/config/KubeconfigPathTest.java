package dev.arena.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubeconfigPathTest {
    @TempDir
    Path dir;

    @Test
    void usesTheFirstFileOfKubeconfig() {
        String first = dir.resolve("a").toString();
        assertEquals(Path.of(first), KubeconfigPath.of(Map.of("KUBECONFIG", first + File.pathSeparator + dir.resolve("b"))));
        assertTrue(KubeconfigPath.present(Map.of("KUBECONFIG", first)));
    }

    @Test
    void withoutKubeconfigItIsTheFileInHome() {
        Path home = Path.of(System.getProperty("user.home"), ".kube", "config");
        assertEquals(home, KubeconfigPath.of(Map.of()));
        assertEquals(home, KubeconfigPath.of(Map.of("KUBECONFIG", "  ")));
    }
}
