package dev.arena.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.Labels;
import dev.arena.agent.Agent;
import dev.arena.agent.AgentContext;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.dataset.Task;
import dev.arena.result.AgentUsage;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.sandbox.DockerEngine;
import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.sandbox.ExecResult;
import dev.arena.sandbox.Sandbox;
import dev.arena.sandbox.SandboxSpec;
import dev.arena.store.LocalStore;
import dev.arena.store.RunLayout;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance suite of issue 13: agents that try to pass without fixing anything, each run through
 * {@link TaskEvaluator} in a real container on a bundled sample dataset. Every cheat must end
 * {@code failed} (never {@code error}), and the stored {@code patch.diff} must be exactly what was
 * graded: {@link #regrade} applies it to a brand-new container of the pristine image, copies in
 * {@code run_tests.sh} and the task's test files (never the gold diff), runs the tests and must
 * reach the same verdict. An honest fix (the gold diff applied by a test agent through the sandbox)
 * still passes on every sample task.
 *
 * <p>Every chosen task fails its hidden tests without the real fix. Fields added by issue 13
 * ({@code protected_changes}, {@code tests_timed_out}) are read from the stored result.json.
 */
@RequiresDocker
class CheatingAgentsIT {
    private static final Path SAMPLES = Path.of("examples", "datasets");
    private static final Duration CMD = Duration.ofSeconds(60);
    /** A test-runner summary that reports at least one failure or error (pytest, node runner, jest, go, ...). */
    private static final Pattern FAILURE_SUMMARY = Pattern.compile("\\b[1-9]\\d* (failed|errors?)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern PASS_SUMMARY = Pattern.compile("\\b[1-9]\\d* passed\\b");
    private static final AtomicInteger RUNS = new AtomicInteger();

    @TempDir
    static Path root;
    static DockerEngine engine;
    static DockerSandboxProvider provider;
    static LocalStore store;
    static Dataset py;
    static Dataset js;

    @BeforeAll
    static void setUp() {
        engine = DockerEngine.connect();
        provider = new DockerSandboxProvider(engine);
        store = new LocalStore(root.resolve("runs"));
        py = DatasetLoader.load(SAMPLES.resolve("py-textkit"));
        js = DatasetLoader.load(SAMPLES.resolve("js-inventory"));
    }

    @AfterAll
    static void tearDown() {
        if (provider != null) {
            provider.close(); // closes the engine too
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 1. a fake test runner: on PATH (pytest, python3, node) or planted in /app (python3 -m pytest)

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"py:/usr/local/bin/pytest", "py:/usr/local/bin/python3", "py:/app/pytest.py", "js:/usr/local/bin/node"})
    void aFakeTestRunnerDoesNotPass(String variant) throws Exception {
        Dataset ds = variant.startsWith("py:") ? py : js;
        String path = variant.substring(3);
        boolean inApp = path.startsWith("/app/");
        Outcome o = run(ds, "task-1", new Cheat("fake-runner", ctx -> {
            if (inApp) { // `python3 -m pytest` runs /app/pytest.py: the working directory comes first on sys.path
                write(ctx, path, "import sys\nprint('============================== 10 passed in 0.01s ==============================')\nsys.exit(0)\n");
            } else {
                write(ctx, path, "#!/bin/sh\necho '============================== 10 passed in 0.01s =============================='\n"
                        + "echo '10 passed, 0 failed'\nexit 0\n");
                sh(ctx, "chmod 755 " + path);
            }
        }));
        assertCheatFails(o, inApp ? List.of("pytest.py") : List.of());
    }

    // ---------------------------------------------------------------------------------------------
    // 2. a conftest.py that turns failures into passes, hidden from git

    @ParameterizedTest(name = "hidden by {0}")
    @ValueSource(strings = {".git/info/exclude", "global core.excludesFile", "a git wrapper on PATH"})
    void aConftestHiddenFromGitThatTurnsFailuresIntoPassesDoesNotPass(String hiding) throws Exception {
        Outcome o = run(py, "task-1", new Cheat("conftest", ctx -> {
            write(ctx, "/app/conftest.py", """
                    import pytest


                    @pytest.hookimpl(hookwrapper=True)
                    def pytest_runtest_makereport(item, call):
                        outcome = yield
                        report = outcome.get_result()
                        if report.failed:
                            report.outcome = "passed"
                            report.longrepr = None
                    """);
            switch (hiding) { // the container's own git is the agent's: none of this may hide a file from arena
                case ".git/info/exclude" -> sh(ctx, "[ -d .git ] || git init -q 2>/dev/null || mkdir -p .git;"
                        + " mkdir -p .git/info && echo conftest.py >> .git/info/exclude");
                case "global core.excludesFile" -> sh(ctx, "echo conftest.py > /root/.arena-hide && git config --global core.excludesFile /root/.arena-hide");
                default -> {
                    write(ctx, "/root/.arena-hide", "conftest.py\n");
                    write(ctx, "/usr/local/bin/git", "#!/bin/sh\nexec /usr/bin/git -c core.excludesFile=/root/.arena-hide \"$@\"\n");
                    sh(ctx, "chmod 755 /usr/local/bin/git && hash -r; command -v git | grep -q /usr/local/bin/git");
                }
            }
        }));
        assertCheatFails(o, List.of("conftest.py"));
    }

    // ---------------------------------------------------------------------------------------------
    // 3. a background process that applies the gold patch if it ever shows up in the container

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"py", "js"})
    void aBackgroundProcessWaitingForTheGoldPatchFindsNothing(String lang) throws Exception {
        Dataset ds = lang.equals("py") ? py : js;
        Outcome o = run(ds, "task-1", new Cheat("gold-thief", ctx -> {
            String id = ctx.task().id();
            background(ctx, """
                    i=0
                    while :; do
                      i=$((i + 1)); elsewhere=
                      [ $((i %% 20)) -eq 1 ] && elsewhere=$(find / -xdev -name task_diff.txt -not -path '/proc/*' 2>/dev/null)
                      for f in /app/tasks/%1$s/task_diff.txt $elsewhere; do
                        if [ -f "$f" ] && [ ! -f /tmp/stolen.diff ]; then
                          cp "$f" /tmp/stolen.diff
                          cd /app && (git apply /tmp/stolen.diff || patch -p1 -N -s < /tmp/stolen.diff)
                          cp /tmp/stolen.diff /app/STOLEN_GOLD.diff
                        fi
                      done
                      sleep 0.05
                    done
                    """.formatted(id));
        }));
        assertCheatFails(o, List.of());
        assertFalse(o.patch.contains("STOLEN_GOLD"), "the gold patch reached the agent's container:\n" + o.patch);
    }

    // ---------------------------------------------------------------------------------------------
    // 4. a background process that rewrites the hidden tests once they are copied in

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"py", "js"})
    void aBackgroundProcessRewritingTheHiddenTestsDoesNotPass(String lang) throws Exception {
        Dataset ds = lang.equals("py") ? py : js;
        String file = lang.equals("py") ? "task_tests.py" : "task_tests.js";
        String trivial = lang.equals("py") ? "def test_ok():  # REWRITTEN\\n    assert True\\n" : "module.exports = { ok() {} }; // REWRITTEN\\n";
        Outcome o = run(ds, "task-1", new Cheat("test-rewriter", ctx -> background(ctx, """
                f=/app/tasks/%s/%s
                while :; do
                  if [ -f "$f" ] && ! grep -q REWRITTEN "$f"; then printf '%s' > "$f"; fi
                  sleep 0.02
                done
                """.formatted(ctx.task().id(), file, trivial))));
        assertCheatFails(o, List.of());
    }

    // ---------------------------------------------------------------------------------------------
    // 5. a forged summary printed after the real one, with exit 0

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"py:run_tests.sh", "py:atexit-in-package", "js:exit-hook-in-package"})
    void aForgedSummaryAfterTheRealOneDoesNotPass(String variant) throws Exception {
        Dataset ds = variant.startsWith("py:") ? py : js;
        Outcome o = run(ds, "task-1", new Cheat("forged-summary", ctx -> {
            switch (variant) {
                case "py:run_tests.sh" -> sh(ctx, "sed -i 's/^exit \\$?$/echo \"============================== 40 passed in 0.10s"
                        + " ==============================\"; exit 0/' run_tests.sh && grep -q '40 passed' run_tests.sh");
                case "py:atexit-in-package" -> append(ctx, "/app/textkit/__init__.py", """

                        import atexit as _atexit, os as _os, sys as _sys


                        def _forge():
                            _sys.stdout.flush()
                            print("============================== 40 passed in 0.10s ==============================", flush=True)
                            _os._exit(0)


                        _atexit.register(_forge)
                        """);
                default -> append(ctx, "/app/src/index.js",
                        "\nprocess.on('exit', () => { console.log('40 passed, 0 failed'); process.exitCode = 0; });\n");
            }
        }));
        assertCheatFails(o, variant.equals("py:run_tests.sh") ? List.of("run_tests.sh") : List.of());
    }

    // ---------------------------------------------------------------------------------------------
    // 6. a correct fix that needs a file the dataset's .gitignore hides

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"py", "js"})
    void aFixThatNeedsAGitignoredHelperDoesNotPass(String lang) throws Exception {
        Outcome o;
        if (lang.equals("py")) { // *.pyc is ignored: a sourceless module imported by the fix
            o = run(py, "task-1", new Cheat("ignored-helper", ctx -> {
                write(ctx, "/app/textkit/_lrufix.py", "def touch(data, key):\n    data.move_to_end(key)\n");
                sh(ctx, "python3 -c \"import py_compile; py_compile.compile('textkit/_lrufix.py', cfile='textkit/_lrufix.pyc', doraise=True)\""
                        + " && rm textkit/_lrufix.py");
                edit(ctx, "/app/textkit/lru.py", "        self.hits += 1\n",
                        "        __import__('textkit._lrufix', fromlist=['touch']).touch(self._data, key)\n        self.hits += 1\n");
            }));
        } else { // node_modules/ is ignored: a local package required by the fix
            o = run(js, "task-2", new Cheat("ignored-helper", ctx -> {
                write(ctx, "/app/node_modules/stock-helpers/index.js", """
                        'use strict';
                        module.exports = function lowStock(products, threshold) {
                          if (!Number.isInteger(threshold) || threshold < 0) {
                            throw new RangeError(`threshold must be a non-negative integer, got ${threshold}`);
                          }
                          return [...products.values()]
                            .map((p) => ({ sku: p.sku, available: p.onHand - p.reserved }))
                            .filter((e) => e.available <= threshold)
                            .sort((a, b) => a.available - b.available || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
                        };
                        """);
                edit(ctx, "/app/src/inventory.js", "  restock(sku, count) {\n",
                        "  lowStock(threshold) {\n    return require('stock-helpers')(this._products, threshold);\n  }\n\n  restock(sku, count) {\n");
            }));
        }
        assertCheatFails(o, List.of());
        assertFalse(o.patch.contains("_lrufix.pyc") || o.patch.contains("node_modules/"), "an ignored file is in the patch:\n" + o.patch);
    }

    // ---------------------------------------------------------------------------------------------
    // 7. a symlink in /app pointing outside it

    @Test
    void aSymlinkOutOfAppDoesNotPass() throws Exception {
        Outcome o = run(py, "task-1", new Cheat("symlink", ctx -> sh(ctx,
                "sed 's/^        self.hits += 1$/        self._data.move_to_end(key)\\n        self.hits += 1/' textkit/lru.py > /tmp/lru_fixed.py"
                        + " && grep -q move_to_end /tmp/lru_fixed.py && ln -sf /tmp/lru_fixed.py textkit/lru.py")));
        assertCheatFails(o, List.of());
    }

    // ---------------------------------------------------------------------------------------------
    // 8. run_tests.sh made to exit 0 (protected, not applied) and a base test weakened (applied)

    @Test
    void editsToRunTestsAndToABaseTestDoNotPass() throws Exception {
        Outcome o = run(py, "task-1", new Cheat("harness-edits", ctx -> sh(ctx,
                "printf '#!/bin/sh\\nexit 0\\n' > run_tests.sh && grep -q 'assert len(cache) == 2' tests/test_lru.py"
                        + " && sed -i 's/assert len(cache) == 2/assert True/' tests/test_lru.py")));
        assertCheatFails(o, List.of("run_tests.sh"));
        assertTrue(o.patch.contains("diff --git a/tests/test_lru.py b/tests/test_lru.py") && o.patch.contains("+    assert True"),
                "the base test edit (tests/ is not protected) is part of the graded patch:\n" + o.patch);
    }

    // ---------------------------------------------------------------------------------------------
    // 9. Python start-up hooks outside /app that patch pytest

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sitecustomize.py", "site-packages .pth"})
    void aPythonStartupHookOutsideAppDoesNotPass(String variant) throws Exception {
        String hook = """
                import site as _site, sys as _sys
                _sys.path.extend(p for p in _site.getsitepackages() if p not in _sys.path)  # a .pth runs before pytest's dir is on the path
                try:
                    import _pytest.reports as _reports

                    _original = _reports.TestReport.from_item_and_call.__func__

                    def _forged(cls, item, call):
                        report = _original(cls, item, call)
                        if report.failed:
                            report.outcome = "passed"
                            report.longrepr = None
                        return report

                    _reports.TestReport.from_item_and_call = classmethod(_forged)
                except Exception:
                    pass
                """;
        Outcome o = run(py, "task-1", new Cheat("startup-hook", ctx -> {
            if (variant.equals("sitecustomize.py")) { // where python3 actually finds it (Debian ships one), else site-packages
                String where = sh(ctx, "python3 -c 'import sitecustomize; print(sitecustomize.__file__)' 2>/dev/null"
                        + " || python3 -c 'import site, os; print(os.path.join(site.getsitepackages()[0], \"sitecustomize.py\"))'").strip();
                sh(ctx, "rm -f " + where); // often a symlink into /etc
                write(ctx, where, hook);
            } else {
                String dir = sh(ctx, "python3 -c 'import site; print(site.getsitepackages()[0])'").strip();
                write(ctx, dir + "/arena_cheat_hook.py", hook);
                write(ctx, dir + "/zz-arena-cheat.pth", "import arena_cheat_hook\n");
            }
        }));
        assertCheatFails(o, List.of());
    }

    // ---------------------------------------------------------------------------------------------
    // 10. bash and git deleted in the agent's container: grading still happens, and fails

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"py", "js"})
    void deletingBashAndGitInTheAgentContainerIsAFailureNotAnError(String lang) throws Exception {
        Outcome o = run(lang.equals("py") ? py : js, "task-1", new Cheat("vandal", ctx ->
                sh(ctx, "rm -f /usr/bin/bash /bin/bash /usr/bin/git /bin/git && ! command -v bash && ! command -v git")));
        assertCheatFails(o, List.of());
    }

    // ---------------------------------------------------------------------------------------------
    // honesty: the real fix, applied through the sandbox by a test agent, passes everywhere

    @Test
    void anHonestFixPassesOnEverySampleTaskAndRegradesToPassed() throws Exception {
        List<Executable> checks = new ArrayList<>();
        for (Dataset ds : List.of(py, js)) {
            for (Task task : ds.tasks()) {
                Outcome o = run(ds, task.id(), new Cheat("honest", ctx -> {
                    byte[] gold = readHost(ctx.task().goldDiffFile());
                    ctx.sandbox().writeFile("/tmp/fix.diff", gold);
                    sh(ctx, "git apply /tmp/fix.diff && rm /tmp/fix.diff");
                }));
                String label = ds.name() + "/" + task.id();
                checks.add(() -> assertEquals(Verdict.PASSED, o.result.verdict(), label + ": " + o.describe()));
                checks.add(() -> assertTrue(o.patch.contains("diff --git"), label + ": the fix is in patch.diff"));
                checks.add(() -> assertTrue(o.json.path("protected_changes").isArray() && o.json.path("protected_changes").isEmpty(),
                        label + ": protected_changes is an empty list, got " + o.json.get("protected_changes")));
                checks.add(() -> assertEquals(Verdict.PASSED, regrade(o), label + ": the stored patch.diff regrades to passed"));
            }
        }
        assertEquals(7, checks.size() / 4, "every sample task was run");
        assertAll(checks.stream());
    }

    @Test
    void anHonestFixWithABinaryFileAndADeletionIsGradedAndStoredAsIs() throws Exception {
        Outcome o = run(py, "task-1", new Cheat("honest-binary", ctx -> {
            ctx.sandbox().writeFile("/tmp/fix.diff", readHost(ctx.task().goldDiffFile()));
            ctx.sandbox().writeFile("/app/textkit/logo.bin", new byte[] {0, 1, 2, (byte) 0xff, 0, 'P', 'N', 'G', 0, 10, 13, 0});
            sh(ctx, "git apply /tmp/fix.diff && rm /tmp/fix.diff README.md");
        }));
        assertAll(
                () -> assertEquals(Verdict.PASSED, o.result.verdict(), o.describe()),
                () -> assertTrue(o.patch.contains("GIT binary patch") && o.patch.contains("textkit/logo.bin"), "binary file in patch.diff:\n" + o.patch),
                () -> assertTrue(o.patch.contains("deleted file mode") && o.patch.contains("a/README.md"), "deletion in patch.diff:\n" + o.patch),
                () -> assertEquals(Verdict.PASSED, regrade(o), "the stored patch.diff regrades to passed"),
                () -> assertTrue(o.json.path("protected_changes").isArray() && o.json.path("protected_changes").isEmpty(),
                        "protected_changes is an empty list, got " + o.json.get("protected_changes")));
    }

    // =============================================================================================

    /** Runs one agent through TaskEvaluator and reads back what it stored. */
    private static Outcome run(Dataset ds, String taskId, Agent agent) throws InterruptedException {
        Task task = ds.task(taskId).orElseThrow();
        String runId = "cheat-" + agent.name() + "-" + RUNS.incrementAndGet();
        String dir = runId + "/" + ds.name() + "/" + taskId + "/";
        TaskEvaluator evaluator = new TaskEvaluator(provider, TestImages.settings(agent.name(), Duration.ofMinutes(3)), store);
        TaskResult result = evaluator.evaluate(new Attempt(runId, ds, task, 1, 1), agent, dir);
        try {
            JsonNode json = Json.mapper().readTree(store.path(dir + RunLayout.RESULT).toFile());
            Path patch = store.path(dir + RunLayout.PATCH);
            Path output = store.path(dir + RunLayout.TEST_OUTPUT);
            byte[] patchBytes = Files.exists(patch) ? Files.readAllBytes(patch) : new byte[0];
            return new Outcome(ds, task, result, json, patchBytes, new String(patchBytes, StandardCharsets.UTF_8),
                    Files.exists(output) ? Files.readString(output) : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checks every cheat must pass: failed (not error), the protected paths recorded and left out, the patch regrades the same. */
    private static void assertCheatFails(Outcome o, List<String> expectedProtected) throws InterruptedException {
        Verdict again = regrade(o);
        JsonNode protectedChanges = o.json.path("protected_changes");
        List<String> recorded = new ArrayList<>();
        protectedChanges.forEach(n -> recorded.add(n.asText()));
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(Verdict.FAILED, o.result.verdict(), "the cheat must fail: " + o.describe()));
        checks.add(() -> assertNull(o.result.errorKind(), "a cheat is a failure, not an error: " + o.describe()));
        checks.add(() -> assertFalse(o.json.path("tests_timed_out").asBoolean(false), "tests_timed_out"));
        checks.add(() -> assertTrue(protectedChanges.isArray(), "result.json has a protected_changes list: " + o.json));
        for (String path : expectedProtected) {
            checks.add(() -> assertTrue(recorded.stream().anyMatch(p -> p.equals(path) || p.endsWith("/" + path)),
                    "protected_changes records " + path + ": " + recorded));
            checks.add(() -> assertFalse(o.patch.contains("diff --git a/" + path + " ") || o.patch.contains(" b/" + path + "\n"),
                    "a protected path is not part of the graded patch.diff:\n" + o.patch));
        }
        checks.add(() -> assertEquals(o.result.verdict(), again, "patch.diff regraded in a fresh container gives the same verdict"));
        assertAll(checks.stream());
    }

    /**
     * Grades the stored patch.diff independently of arena: a new container of the image the result
     * names, the patch applied with {@code git apply --binary}, the dataset's run_tests.sh and the
     * task's test files copied in (not task_diff.txt, not task_description.txt), the tests run.
     * Passed means exit 0, some test passed, and no summary line anywhere reports a failure.
     */
    private static Verdict regrade(Outcome o) throws InterruptedException {
        assertTrue(o.result.image() != null && !o.result.image().isBlank(), "result.json names its image: " + o.json);
        String id = o.task.id();
        String name = ("arena-regrade-" + o.ds.name() + "-" + id + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000)))
                .replaceAll("[^a-zA-Z0-9_.-]", "-");
        try (Sandbox fresh = provider.start(new SandboxSpec(o.result.image(), name, 1L << 30, 1.0, "none",
                Labels.forSandbox("cheating-agents-regrade", o.ds.name(), id)))) {
            if (o.patchBytes.length > 0) {
                fresh.writeFile("/tmp/graded.diff", o.patchBytes);
                ExecResult apply = fresh.exec("git apply --binary /tmp/graded.diff && rm /tmp/graded.diff", CMD);
                assertTrue(apply.ok(), "the stored patch.diff applies to the pristine image: " + apply.output() + "\n" + o.patch);
            }
            fresh.copyIn(o.ds.testScript(), Sandbox.WORKDIR + "/" + Dataset.TEST_SCRIPT);
            for (Path file : testFiles(o.task)) {
                fresh.copyIn(file, Sandbox.WORKDIR + "/tasks/" + id + "/" + o.task.dir().relativize(file).toString().replace('\\', '/'));
            }
            ExecResult tests = fresh.exec("chmod +x ./run_tests.sh && ./run_tests.sh '" + id + "' 2>&1", Duration.ofMinutes(2));
            String out = tests.output();
            boolean passed = tests.ok() && PASS_SUMMARY.matcher(out).find() && !FAILURE_SUMMARY.matcher(out).find();
            return passed ? Verdict.PASSED : Verdict.FAILED;
        }
    }

    /** The task's hidden test files: everything in tasks/<id>/ but the gold diff and the prompt. */
    private static List<Path> testFiles(Task task) {
        Set<String> excluded = Set.of(Task.GOLD_DIFF_FILE, Task.DESCRIPTION_FILE);
        try (Stream<Path> files = Files.walk(task.dir())) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !(p.getParent().equals(task.dir()) && excluded.contains(p.getFileName().toString())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // what the cheats use: they act only through their sandbox, as root, like any agent

    private interface Moves {
        void play(AgentContext ctx) throws InterruptedException;
    }

    /** An agent that makes its moves in the sandbox and returns; a move that does not work is a bug in the test. */
    private record Cheat(String name, Moves moves) implements Agent {
        @Override
        public AgentUsage solve(AgentContext context) throws InterruptedException {
            moves.play(context);
            return new AgentUsage(1, 0, 0, null);
        }
    }

    /** Runs a command in /app; throws (an infra error in the result, which the test reports) when it fails. */
    private static String sh(AgentContext ctx, String command) throws InterruptedException {
        ExecResult r = ctx.sandbox().exec(command, CMD);
        if (!r.ok()) {
            throw new IllegalStateException("cheat setup failed: `" + command + "` exited " + r.exitCode() + ": " + r.output());
        }
        return r.stdout();
    }

    private static void write(AgentContext ctx, String path, String content) {
        ctx.sandbox().writeFile(path, content.getBytes(StandardCharsets.UTF_8));
    }

    private static void append(AgentContext ctx, String path, String text) {
        write(ctx, path, new String(ctx.sandbox().readFile(path), StandardCharsets.UTF_8) + text);
    }

    private static void edit(AgentContext ctx, String path, String before, String after) {
        String text = new String(ctx.sandbox().readFile(path), StandardCharsets.UTF_8);
        if (!text.contains(before)) {
            throw new IllegalStateException("cheat setup failed: " + path + " has no " + before.strip());
        }
        write(ctx, path, text.replace(before, after));
    }

    /** Starts {@code script} detached: it outlives the command that started it (stdout closed so the exec returns). */
    private static void background(AgentContext ctx, String script) throws InterruptedException {
        write(ctx, "/tmp/arena-cheat-loop.sh", script);
        sh(ctx, "nohup setsid sh /tmp/arena-cheat-loop.sh </dev/null >/dev/null 2>&1 &");
    }

    private static byte[] readHost(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Outcome(Dataset ds, Task task, TaskResult result, JsonNode json, byte[] patchBytes, String patch, String testOutput) {

        String describe() {
            String tail = testOutput.lines().skip(Math.max(0, testOutput.lines().count() - 8)).reduce("", (a, b) -> a + "\n    " + b);
            return "verdict=" + result.verdict() + " error_kind=" + (result.errorKind() == null ? null : result.errorKind().json())
                    + " error=" + result.error() + " exit=" + result.exitCode() + " passed=" + result.testsPassed()
                    + " failed=" + result.testsFailed() + " protected_changes=" + json.get("protected_changes")
                    + "\n  test output (tail):" + tail;
        }
    }
}
