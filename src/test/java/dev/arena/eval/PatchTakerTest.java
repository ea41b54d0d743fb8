package dev.arena.eval;

import dev.arena.dataset.DatasetSettings;
import dev.arena.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * PatchTaker's three commands run by the host's git on temp folders (the container's /app,
 * /arena), and ProtectedPaths: what is split off, what is applied, and that the applied tree is
 * the agent's tree minus the protected and ignored paths.
 */
class PatchTakerTest {
    @TempDir
    Path tmp;
    Path pristine;
    Path agent;
    Path root;

    @BeforeEach
    void trees() throws IOException {
        pristine = tmp.resolve("app");
        agent = tmp.resolve("agent-app");
        root = tmp.resolve("arena");
        Map<String, String> files = Map.of(
                "run_tests.sh", "#!/bin/sh\npytest\n",
                ".gitignore", "*.log\nbuild/\n",
                "pkg/code.py", "def f():\n    return 1\n",
                "pkg/old.py", "gone = True\n",
                "tests/test_code.py", "def test_f(): assert True\n",
                "fixtures/golden.txt", "golden\n");
        files.forEach((name, content) -> Fixtures.write(pristine.resolve(name), content));
        files.forEach((name, content) -> Fixtures.write(agent.resolve(name), content));
    }

    @Test
    void theDefaultSetAndADatasetsAdditions() {
        ProtectedPaths paths = ProtectedPaths.of(new DatasetSettings(List.of("fixtures/**", "**/conftest.py"), "none"));
        assertEquals(ProtectedPaths.DEFAULTS.size() + 1, paths.globs().size(), "a glob already in the defaults is not repeated");
        assertEquals("fixtures/**", paths.globs().get(paths.globs().size() - 1));
        assertTrue(paths.globs().containsAll(List.of("run_tests.sh", "tasks/**", "**/conftest.py", "**/pytest.ini", "**/pyproject.toml",
                "**/setup.cfg", "**/tox.ini", "**/sitecustomize.py", "**/usercustomize.py", "**/pytest.*", "**/jest.config.*")));
        assertFalse(paths.globs().stream().anyMatch(g -> g.contains("package.json") || g.contains("pom.xml") || g.contains("go.mod")));
        assertTrue(paths.pathspecs().startsWith("':(glob)run_tests.sh' ':(glob)tasks/**' "), paths.pathspecs());
        assertTrue(paths.exclusions().startsWith(". ':(exclude,glob)run_tests.sh' "), paths.exclusions());
        assertEquals("'it'\\''s'", ProtectedPaths.quote("it's"));
    }

    @Test
    void protectedChangesAreSplitOffAndTheRestAppliesToThePristineTree() throws Exception {
        assumeTrue(hasGit(), "needs git on the host");
        write(agent, "pkg/code.py", "def f():\n    return 2\n");           // a fix
        Files.delete(agent.resolve("pkg/old.py"));                          // a deletion
        Files.write(agent.resolve("pkg/data.bin"), new byte[] {0, 1, 2, (byte) 0xff, 0}); // a binary file
        write(agent, "tests/test_new.py", "def test_new(): assert True\n");  // a new test elsewhere: not protected
        write(agent, "run_tests.sh", "#!/bin/sh\necho '9 passed'\n");        // protected, default
        write(agent, "conftest.py", "# turns failures into passes\n");        // protected anywhere
        write(agent, "tests/conftest.py", "# same\n");
        write(agent, "pkg/pytest.py", "# shadows pytest\n");
        write(agent, "sitecustomize.py", "import os\n");
        write(agent, "tasks/t1/task_tests.py", "def test(): pass\n");
        write(agent, "pyproject.toml", "[tool.pytest.ini_options]\naddopts = '-p no:x'\n");
        write(agent, "fixtures/golden.txt", "forged\n");                      // protected by the dataset
        write(agent, "debug.log", "ignored by .gitignore\n");
        write(agent, "build/helper.py", "ignored too\n");
        Files.createSymbolicLink(agent.resolve("outside"), Path.of("/etc/hostname"));

        ProtectedPaths paths = ProtectedPaths.of(new DatasetSettings(List.of("fixtures/**"), "none"));
        sh(PatchTaker.pristineCommand(pristine.toString(), root.toString()));
        copyTree(agent, root.resolve("agent"));
        PatchTaker.DiffOutput printed = PatchTaker.DiffOutput.parse(shBytes(PatchTaker.diffCommand(pristine.toString(), root.toString(), paths)));
        assertEquals(List.of("conftest.py", "fixtures/golden.txt", "pkg/pytest.py", "pyproject.toml", "run_tests.sh",
                "sitecustomize.py", "tasks/t1/task_tests.py", "tests/conftest.py"),
                printed.protectedChanges().stream().sorted().toList());
        assertArrayEquals(Files.readAllBytes(root.resolve("patch.diff")), printed.patch(), "the printed patch is the file, byte for byte");
        assertEquals(Files.size(root.resolve("patch.diff")), printed.patchSize());

        String patch = Files.readString(root.resolve("patch.diff"), StandardCharsets.ISO_8859_1);
        assertEquals(List.of("outside", "pkg/code.py", "pkg/data.bin", "pkg/old.py", "tests/test_new.py"),
                patch.lines().filter(l -> l.startsWith("diff --git a/")).map(l -> l.substring("diff --git a/".length(), l.indexOf(" b/")))
                        .sorted().toList());
        assertTrue(patch.contains("GIT binary patch"), "binary files are in the patch");

        assertFalse(Files.exists(root.resolve("agent")) || Files.exists(root.resolve("git")) || Files.exists(root.resolve("protected")),
                "the copy, the git dir and the list are removed");
        assertEquals("def f():\n    return 2\n", Files.readString(pristine.resolve("pkg/code.py")));
        assertFalse(Files.exists(pristine.resolve("pkg/old.py")));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff, 0}, Files.readAllBytes(pristine.resolve("pkg/data.bin")));
        assertTrue(Files.exists(pristine.resolve("tests/test_new.py")));
        assertEquals(Path.of("/etc/hostname"), Files.readSymbolicLink(pristine.resolve("outside")), "a symlink stays a symlink");
        assertEquals("#!/bin/sh\npytest\n", Files.readString(pristine.resolve("run_tests.sh")));
        assertEquals("golden\n", Files.readString(pristine.resolve("fixtures/golden.txt")));
        for (String absent : List.of("conftest.py", "tests/conftest.py", "pkg/pytest.py", "sitecustomize.py", "tasks", "pyproject.toml",
                "debug.log", "build")) {
            assertFalse(Files.exists(pristine.resolve(absent)), absent + " must not reach grading");
        }
    }

    @Test
    void filesTheImageHasButIgnoresStayOutEvenWhenTheAgentUnignoresThem() throws Exception {
        assumeTrue(hasGit(), "needs git on the host");
        write(pristine, "build/out.bin", "built in the image\n");
        write(pristine, "cache.log", "log\n");
        copyTree(pristine, agent.resolve("..").resolve("agent-2"));
        agent = tmp.resolve("agent-2");
        write(agent, ".gitignore", "# nothing ignored any more\n");
        write(agent, "build/out.bin", "rewritten by the agent\n");
        write(agent, "build/new.txt", "new\n");
        write(agent, "cache.log", "changed\n");
        sh(PatchTaker.pristineCommand(pristine.toString(), root.toString()));
        copyTree(agent, root.resolve("agent"));
        sh(PatchTaker.diffCommand(pristine.toString(), root.toString(), ProtectedPaths.of(DatasetSettings.DEFAULT)));
        String patch = Files.readString(root.resolve("patch.diff"));
        assertEquals(List.of(".gitignore", "build/new.txt"), patch.lines().filter(l -> l.startsWith("diff --git a/"))
                .map(l -> l.substring("diff --git a/".length(), l.indexOf(" b/"))).toList(), patch);
        assertEquals("built in the image\n", Files.readString(pristine.resolve("build/out.bin")));
        assertEquals("log\n", Files.readString(pristine.resolve("cache.log")), "ignored in the image: left as it is");
        assertEquals("new\n", Files.readString(pristine.resolve("build/new.txt")),
                "a new file the agent's own .gitignore no longer hides is part of its change (and applies)");
        assertFalse(Files.exists(root.resolve("ignored")));
    }

    @Test
    void thePristineGitDirIsAFewFilesWithTheObjectsInOnePack() throws Exception {
        assumeTrue(hasGit(), "needs git on the host");
        for (int i = 0; i < 20; i++) {
            write(pristine, "many/file" + i + ".py", "n = " + i + "\n");
            write(agent, "many/file" + i + ".py", "n = " + i + "\n");
        }
        sh(PatchTaker.pristineCommand(pristine.toString(), root.toString()));
        List<String> entries;
        try (Stream<Path> walk = Files.walk(root.resolve("git"))) {
            entries = walk.map(p -> root.resolve("git").relativize(p).toString()).filter(p -> !p.isEmpty()).sorted().toList();
        }
        // each entry is a whiteout when grading removes the git dir from the image's lower layer
        assertTrue(entries.size() <= 16, entries.toString());
        assertFalse(entries.stream().anyMatch(p -> p.startsWith("hooks") || p.startsWith("logs") || p.matches("objects/[0-9a-f]{2}(/.*)?")),
                entries.toString());
        assertTrue(entries.stream().anyMatch(p -> p.matches("objects/pack/pack-[0-9a-f]+\\.pack")), entries.toString());
        copyTree(agent, root.resolve("agent"));
        write(root.resolve("agent"), "many/file3.py", "n = 33\n");
        sh(PatchTaker.diffCommand(pristine.toString(), root.toString(), ProtectedPaths.of(DatasetSettings.DEFAULT)));
        assertEquals(List.of("many/file3.py"), Files.readString(root.resolve("patch.diff")).lines()
                .filter(l -> l.startsWith("diff --git a/")).map(l -> l.substring("diff --git a/".length(), l.indexOf(" b/"))).toList(),
                "the packed pristine commit still diffs");
    }

    @Test
    void noChangeIsAnEmptyPatch() throws Exception {
        assumeTrue(hasGit(), "needs git on the host");
        sh(PatchTaker.pristineCommand(pristine.toString(), root.toString()));
        copyTree(agent, root.resolve("agent"));
        PatchTaker.DiffOutput printed = PatchTaker.DiffOutput.parse(
                shBytes(PatchTaker.diffCommand(pristine.toString(), root.toString(), ProtectedPaths.of(DatasetSettings.DEFAULT))));
        assertEquals(new PatchTaker.DiffOutput(0, List.of(), printed.patch()), printed);
        assertEquals(0, printed.patch().length);
        assertEquals(0, Files.size(root.resolve("patch.diff")));
    }

    @Test
    void aPatchThatDoesNotApplyExitsWithItsOwnCodeAndKeepsThePatch() throws Exception {
        assumeTrue(hasGit(), "needs git on the host");
        sh(PatchTaker.pristineCommand(pristine.toString(), root.toString()));
        copyTree(agent, root.resolve("agent"));
        write(root.resolve("agent"), "pkg/code.py", "def f():\n    return 2\n");
        write(pristine, "pkg/code.py", "changed under the diff's feet\n"); // the base no longer matches
        Process p = new ProcessBuilder("sh", "-c", PatchTaker.diffCommand(pristine.toString(), root.toString(),
                ProtectedPaths.of(DatasetSettings.DEFAULT))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(PatchTaker.APPLY_FAILED, p.exitValue(), out);
        assertTrue(out.contains("patch failed"), out);
        assertTrue(Files.readString(root.resolve("patch.diff")).contains("+    return 2"));
    }

    @Test
    void theAgentsTreeMayArriveWhileThePristineOneIsRecorded() throws Exception {
        assumeTrue(hasGit(), "needs git on the host");
        copyTree(agent, root.resolve("agent")); // first: the pristine command must leave it alone
        write(root.resolve("agent"), "pkg/new.py", "x = 1\n");
        sh(PatchTaker.pristineCommand(pristine.toString(), root.toString()));
        sh(PatchTaker.diffCommand(pristine.toString(), root.toString(), ProtectedPaths.of(DatasetSettings.DEFAULT)));
        assertEquals("x = 1\n", Files.readString(pristine.resolve("pkg/new.py")));
    }

    private static void write(Path dir, String name, String content) {
        Fixtures.write(dir.resolve(name), content);
    }

    /** Copies like the archive does: symlinks as symlinks. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static boolean hasGit() {
        try {
            Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void aPatchOverTheInlineLimitIsNotPrintedButItsSizeIs() throws Exception {
        assumeTrue(hasGit(), "needs git on the host");
        sh(PatchTaker.pristineCommand(pristine.toString(), root.toString()));
        copyTree(agent, root.resolve("agent"));
        write(root.resolve("agent"), "big.txt", "0123456789abcdef\n".repeat((int) (PatchTaker.INLINE_PATCH_BYTES / 17 + 1)));
        write(root.resolve("agent"), "conftest.py", "# protected\n");
        PatchTaker.DiffOutput printed = PatchTaker.DiffOutput.parse(
                shBytes(PatchTaker.diffCommand(pristine.toString(), root.toString(), ProtectedPaths.of(DatasetSettings.DEFAULT))));
        assertEquals(null, printed.patch());
        assertEquals(Files.size(root.resolve("patch.diff")), printed.patchSize());
        assertTrue(printed.patchSize() > PatchTaker.INLINE_PATCH_BYTES);
        assertEquals(List.of("conftest.py"), printed.protectedChanges());
        assertTrue(Files.exists(pristine.resolve("big.txt")), "applied all the same");
    }

    @Test
    void outputThatIsNotTheDiffCommandsIsRefused() {
        for (String out : List.of("", "3 0\nab", "x y\n", "0 4\nab\0", "no line")) {
            assertThrows(dev.arena.sandbox.SandboxException.class, () -> PatchTaker.DiffOutput.parse(out.getBytes(StandardCharsets.UTF_8)), out);
        }
        assertThrows(dev.arena.sandbox.SandboxException.class, () -> PatchTaker.DiffOutput.parse(null), "output cut in the middle");
        assertEquals(List.of("a b", "c"), PatchTaker.DiffOutput.parse("2 6\na b\0c\0hi".getBytes(StandardCharsets.UTF_8)).protectedChanges());
    }

    private static byte[] shBytes(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), command + "\n" + err);
        return out;
    }

    private static String sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), command + "\n" + err);
        return out;
    }
}
