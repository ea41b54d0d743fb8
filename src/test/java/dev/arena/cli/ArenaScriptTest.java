package dev.arena.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * arena.sh's build step, run by the real bash on a copy of the script. The mvn and java it finds
 * first on the PATH are small scripts: mvn prints colour resets on both streams the way Debian's
 * Maven 3.8 does even with -B, so the test shows what the script lets through, in seconds.
 */
class ArenaScriptTest {
    private static final String ESC = "\u001b";

    @TempDir
    Path tmp;
    Path checkout;
    Path bin;

    private record Outcome(int exit, String out, String err) {
    }

    @BeforeEach
    void aCheckoutWithoutAJar() throws IOException {
        checkout = Files.createDirectories(tmp.resolve("checkout"));
        Files.copy(Path.of("arena.sh"), checkout.resolve("arena.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(checkout.resolve("src/main/java"));
        bin = Files.createDirectories(tmp.resolve("bin"));
        executable(bin.resolve("mvn"), """
                #!/bin/sh
                echo "$*" > mvn-args
                printf '\\033[0m\\033[0m[WARNING] from maven\\033[0m\\n'
                printf '\\033[1mto stderr\\033[m\\n' >&2
                [ "${FAKE_MVN_FAILS:-}" = 1 ] && exit 1
                mkdir -p target && touch target/arena.jar
                """);
        executable(bin.resolve("java"), "#!/bin/sh\necho \"java $*\"\n");
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Outcome arenaSh(boolean mvnFails, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", checkout.resolve("arena.sh").toString());
        pb.command().addAll(List.of(args));
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("FAKE_MVN_FAILS", mvnFails ? "1" : "0");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Outcome(p.waitFor(), out, err);
    }

    @Test
    void theBuildPrintsNoColourEscapesAndThenRunsTheJar() throws Exception {
        Outcome r = arenaSh(false, "--version");
        assertEquals(0, r.exit(), r.err());
        assertEquals("java -jar " + checkout.resolve("target/arena.jar") + " --version\n", r.out());
        assertFalse(r.err().contains(ESC), r.err());
        assertEquals("building arena (mvn package)...\n[WARNING] from maven\nto stderr\n", r.err());
        String mvnArgs = Files.readString(checkout.resolve("mvn-args"));
        assertTrue(mvnArgs.contains("-B") && mvnArgs.contains("-Dstyle.color=never"), mvnArgs);
    }

    @Test
    void aFailedBuildStillEndsTheScriptWithItsOwnMessage() throws Exception {
        Outcome r = arenaSh(true, "--version");
        assertEquals(1, r.exit(), r.err());
        assertEquals("", r.out());
        assertFalse(r.err().contains(ESC), r.err());
        assertTrue(r.err().endsWith("arena.sh: the build failed; run 'mvn -B package' to see why\n"), r.err());
    }
}
