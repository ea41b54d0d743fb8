package dev.arena.eval;

import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;
import dev.arena.sandbox.ExecResult;
import dev.arena.sandbox.NoSuchPathException;
import dev.arena.sandbox.Sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Takes the agent's change from outside the agent's control and applies it in the grading
 * sandbox, a fresh container of the same pristine image the agent never touched:
 * <ol>
 * <li>{@link #recordPristine}: the grading sandbox's own git commits its pristine {@code /app}
 *     into a separate git dir ({@code /arena/git}), honouring the pristine {@code .gitignore} files
 *     (runs while the agent works);</li>
 * <li>{@link #take}: the agent's {@code /app} is read through the engine's archive API (no
 *     command runs in the agent's sandbox), its {@code .git} paths dropped ({@link AgentTree}), and
 *     unpacked at {@code /arena/agent} in the grading sandbox; git diffs it against the pristine
 *     commit: the change outside the protected paths is the patch ({@code --binary}, deletions and
 *     modes included, no renames), the protected paths it touches are listed apart;</li>
 * <li>{@link #apply}: {@code git apply --binary} of exactly that patch in {@code /app}, then
 *     {@code /arena} is removed.</li>
 * </ol>
 */
final class PatchTaker {
    static final String ROOT = "/arena";
    static final String PATCH_FILE = ROOT + "/patch.diff";
    private static final Duration LIMIT = Duration.ofMinutes(5);

    /** The patch to apply and grade, and the protected paths the agent changed (not applied). */
    record Patch(byte[] diff, List<String> protectedChanges) {
        long files() {
            return new String(diff, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("diff --git ")).count();
        }
    }

    private final ProtectedPaths protectedPaths;

    PatchTaker(ProtectedPaths protectedPaths) {
        this.protectedPaths = protectedPaths;
    }

    void recordPristine(Sandbox grading) throws EvaluationException, InterruptedException {
        ExecResult r = grading.exec(pristineCommand(Sandbox.WORKDIR, ROOT), LIMIT);
        if (!r.ok()) {
            throw new EvaluationException(ErrorKind.INFRA, "cannot record the pristine " + Sandbox.WORKDIR
                    + " in the grading container (is git installed in the image?): " + lastLine(r.output()));
        }
    }

    /** Call after {@link #recordPristine} finished. */
    Patch take(Sandbox agent, Sandbox grading) throws EvaluationException, InterruptedException {
        copyAgentTree(agent, grading);
        ExecResult diff = grading.exec(diffCommand(ROOT, protectedPaths), LIMIT);
        if (!diff.ok()) {
            throw new EvaluationException(ErrorKind.INFRA, "cannot diff the agent's " + Sandbox.WORKDIR
                    + " against the pristine one: " + lastLine(diff.output()));
        }
        List<String> changed = Arrays.stream(diff.stdout().split("\0")).filter(p -> !p.isBlank()).toList();
        return new Patch(grading.readFile(PATCH_FILE), changed);
    }

    void apply(Sandbox grading, Patch patch) throws EvaluationException, InterruptedException {
        ExecResult r = grading.exec(patch.diff().length == 0 ? "rm -rf " + ROOT : applyCommand(Sandbox.WORKDIR, ROOT), LIMIT);
        if (!r.ok()) {
            throw new EvaluationException(ErrorKind.INFRA, "the agent's patch does not apply to the pristine "
                    + Sandbox.WORKDIR + ": " + lastLine(r.output()));
        }
    }

    private static void copyAgentTree(Sandbox agent, Sandbox grading) {
        Path tar = null;
        try {
            tar = Files.createTempFile("arena-agent-tree", ".tar");
            String source = Sandbox.WORKDIR.substring(Sandbox.WORKDIR.lastIndexOf('/') + 1);
            try (InputStream in = agentTree(agent); OutputStream out = Files.newOutputStream(tar)) {
                AgentTree.rewrite(in, source, ROOT.substring(1) + "/agent", out);
            }
            try (InputStream in = Files.newInputStream(tar)) {
                grading.writeArchive(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the agent's " + Sandbox.WORKDIR + " to the grading container", e);
        } finally {
            if (tar != null) {
                try {
                    Files.deleteIfExists(tar);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
    }

    private static InputStream agentTree(Sandbox agent) {
        try {
            return agent.readArchive(Sandbox.WORKDIR);
        } catch (NoSuchPathException e) {
            return InputStream.nullInputStream(); // the agent removed /app: its change deletes everything
        }
    }

    // The commands, for the folders they work on: the container's in production, a temp folder's in tests.

    /** git with a separate git dir under {@code root}, nothing of the image's git config that changes a diff. */
    private static String git(String root) {
        return "git -c safe.directory='*' -c user.name=arena -c user.email=arena@localhost -c core.hooksPath=/dev/null"
                + " -c core.autocrlf=false -c core.fileMode=true -c core.symlinks=true -c core.quotePath=true"
                + " --git-dir=" + root + "/git";
    }

    static String pristineCommand(String app, String root) {
        String git = git(root) + " --work-tree=" + app;
        return "rm -rf " + root + " && mkdir -p " + root + " && " + git(root) + " init -q && cd " + app + " && " + git + " add -A"
                + " && " + git + " commit -q --allow-empty --no-verify -m pristine";
    }

    /** Prints the protected paths changed (NUL-separated); writes the rest of the change to {@code root}/patch.diff. */
    static String diffCommand(String root, ProtectedPaths protectedPaths) {
        String git = git(root) + " --work-tree=" + root + "/agent";
        String diff = git + " diff --cached --no-renames --no-ext-diff --no-textconv --no-color";
        return "mkdir -p " + root + "/agent && cd " + root + "/agent && " + git + " add -A"
                + " && " + diff + " --binary --src-prefix=a/ --dst-prefix=b/ HEAD -- " + protectedPaths.exclusions() + " > " + root + "/patch.diff"
                + " && " + diff + " --name-only -z HEAD -- " + protectedPaths.pathspecs();
    }

    static String applyCommand(String app, String root) {
        return "cd " + app + " && git apply --binary --whitespace=nowarn " + root + "/patch.diff && rm -rf " + root;
    }

    private static String lastLine(String text) {
        return text.strip().lines().reduce((a, b) -> b).orElse("");
    }
}
