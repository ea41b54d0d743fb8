package dev.arena;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shaded jar as users get it: its manifest, its merged service files, and that it starts. */
class ShadedJarIT {
    private static final Path JAR = Path.of("target", "arena.jar");

    @Test
    void manifestNamesTheMainClassAndAVersion() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals("dev.arena.cli.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertNotNull(jar.getManifest().getMainAttributes().getValue("Implementation-Version"));
            assertNotNull(jar.getEntry("picocli/CommandLine.class"), "picocli is shaded in");
            assertNotNull(jar.getEntry("com/github/dockerjava/httpclient5/ApacheDockerHttpClient.class"));
            assertTrue(jar.stream().noneMatch(e -> e.getName().matches("META-INF/[^/]+\\.(SF|RSA|DSA)")), "no stale signatures");
        }
    }

    @Test
    void serviceFilesOfTheDependenciesAreMergedNotOverwritten() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            var entry = jar.getEntry("META-INF/services/com.fasterxml.jackson.databind.Module");
            assertNotNull(entry, "jackson modules are registered");
            String services = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(services.contains("JavaTimeModule"), services);
        }
    }

    @Test
    void theJarStartsAndPrintsItsVersionAndHelp() throws Exception {
        Process version = new ProcessBuilder("java", "-jar", JAR.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, version.waitFor(), out);
        assertTrue(out.startsWith("arena "), out);
        assertTrue(!out.contains("SLF4J"), "no logging noise: " + out);

        Process help = new ProcessBuilder("java", "-jar", JAR.toString(), "run", "--help").redirectErrorStream(true).start();
        String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, help.waitFor(), text);
        assertTrue(text.contains("--resume") && text.contains("--task-timeout"), text);
    }
}
