package dev.arena.eval;

import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;
import dev.arena.sandbox.ExecResult;
import dev.arena.sandbox.NoSuchPathException;
import dev.arena.sandbox.Sandbox;
import dev.arena.sandbox.SandboxException;
import dev.arena.sandbox.SandboxProvider;
import dev.arena.sandbox.SandboxSpec;
import dev.arena.sandbox.StagedSandbox;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

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
import java.util.Map;

/**
 * Takes the agent's change from outside the agent's control and applies it in the grading
 * sandbox, a fresh container of the same pristine image the agent never touched:
 * <ol>
 * <li>{@link #gradingSpec}: grading sandboxes start from a grading image, the pristine image plus
 *     its pristine {@code /app} committed by its own git into a separate git dir ({@code /arena/git}),
 *     honouring the pristine {@code .gitignore} files; made once per image id, in a container of
 *     its own, and reused;</li>
 * <li>{@link #readAgentTree}: the agent's {@code /app} is read through the engine's archive API (no
 *     command runs in the agent's sandbox), its {@code .git} paths dropped ({@link AgentTree});</li>
 * <li>{@link #diffAndApply}: that tree is unpacked at {@code /arena/agent} in the grading sandbox
 *     and, in the same call, git diffs it against the pristine commit: the change outside
 *     the protected paths is the patch ({@code --binary}, deletions and modes included, no
 *     renames), the protected paths it touches are listed apart; both are printed, then
 *     {@code git apply --binary} applies exactly that patch in {@code /app}; the copy and the git
 *     dir are removed (only {@code /arena/patch.diff} stays). The patch is taken byte for byte from
 *     the command's own output (a big one, over {@value #INLINE_PATCH_BYTES} bytes, is read
 *     back through the engine instead).</li>
 * </ol>
 */
final class PatchTaker {
    static final String ROOT = "/arena";
    static final String PATCH_FILE = ROOT + "/patch.diff";
    static final int APPLY_FAILED = 91;
    /** The largest patch arena takes (base85 makes binary files a quarter bigger); no honest fix comes near. */
    static final long MAX_PATCH_BYTES = 100L << 20;
    /** The largest patch the diff command prints (a command's output is kept whole up to a few MiB). */
    static final long INLINE_PATCH_BYTES = 1L << 20;
    private static final Duration LIMIT = Duration.ofMinutes(5);

    /** The patch to apply and grade, and the protected paths the agent changed (not applied). */
    record Patch(byte[] diff, List<String> protectedChanges) {
        long files() {
            return new String(diff, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("diff --git ")).count();
        }
    }

    private final ProtectedPaths protectedPaths;
    private final long maxPatchBytes;

    PatchTaker(ProtectedPaths protectedPaths) {
        this(protectedPaths, MAX_PATCH_BYTES);
    }

    PatchTaker(ProtectedPaths protectedPaths, long maxPatchBytes) {
        this.protectedPaths = protectedPaths;
        this.maxPatchBytes = maxPatchBytes;
    }

    /**
     * The image grading sandboxes start from: the pristine image plus its pristine tree recorded in
     * {@code /arena} ({@link #pristineCommand}), made once per image id in a container of its own
     * without network (never the agent's) and reused by every later attempt of the image.
     *
     * @param grading the grading sandbox's spec (image, limits, labels); the result is that spec on the derived image
     */
    static SandboxSpec gradingSpec(SandboxProvider sandboxes, SandboxSpec grading) throws EvaluationException, InterruptedException {
        try {
            String image = sandboxes.derive(grading.with(grading.image(), grading.name().replace("-grading-", "-pristine-"), "none"),
                    pristineCommand(Sandbox.WORKDIR, ROOT), LIMIT);
            return grading.with(image, grading.name(), grading.network());
        } catch (SandboxException e) {
            throw new EvaluationException(ErrorKind.INFRA, "cannot record the pristine " + Sandbox.WORKDIR
                    + " in the grading container (is git installed in the image?): " + e.getMessage());
        }
    }

    /**
     * Reads the agent's /app through the engine ({@code .git} dropped, entries renamed to
     * /arena/agent) into a temp file, followed by {@code graderFiles} (entry name to host file):
     * runs nothing in the agent's sandbox, and needs no grading sandbox yet. The caller closes the
     * result, which removes the file.
     */
    AgentTreeCopy readAgentTree(Sandbox agent, Map<String, Path> graderFiles) {
        Path tar = null;
        try {
            tar = Files.createTempFile("arena-agent-tree", ".tar");
            String source = Sandbox.WORKDIR.substring(Sandbox.WORKDIR.lastIndexOf('/') + 1);
            try (InputStream in = agentTree(agent); OutputStream out = Files.newOutputStream(tar)) {
                AgentTree.rewrite(in, source, ROOT.substring(1) + "/agent", out, graderFiles);
            }
            return new AgentTreeCopy(tar);
        } catch (IOException e) {
            deleteQuietly(tar);
            throw new UncheckedIOException("cannot read the agent's " + Sandbox.WORKDIR, e);
        }
    }

    /** The agent's tree on the host, ready to unpack at /arena/agent in the grading sandbox. */
    static final class AgentTreeCopy implements AutoCloseable {
        private final Path tar;

        private AgentTreeCopy(Path tar) {
            this.tar = tar;
        }

        @Override
        public void close() {
            deleteQuietly(tar);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind
            }
        }
    }

    /** The grading sandbox's first stage: {@link #diffCommand} for these protected paths. */
    String prepareCommand() {
        return diffCommand(Sandbox.WORKDIR, ROOT, protectedPaths);
    }

    /**
     * Unpacks the agent's tree (and the grader's files) in the grading sandbox, diffs it against the
     * pristine commit, applies the unprotected part to /app and removes the copy and the git dir:
     * the grading sandbox's first stage ({@link #prepareCommand}), one call into it.
     */
    Patch diffAndApply(StagedSandbox grading, AgentTreeCopy tree) throws EvaluationException, InterruptedException {
        ExecResult r = grading.prepare(tree.tar, LIMIT);
        String message = r.timedOut() ? "it ran past its limit of " + LIMIT.toMinutes() + " min"
                : lastLine(r.stderr().isBlank() ? r.output() : r.stderr());
        if (r.timedOut() || r.exitCode() != 0 && r.exitCode() != APPLY_FAILED) {
            throw new EvaluationException(ErrorKind.INFRA, "cannot diff the agent's " + Sandbox.WORKDIR
                    + " against the pristine one: " + message);
        }
        DiffOutput printed = DiffOutput.parse(r.stdoutBytes());
        if (printed.patchSize() > maxPatchBytes) {
            throw new EvaluationException(ErrorKind.AGENT, String.format("the agent's change is too big to grade:"
                    + " a %.1f MiB patch (at most %.1f MiB)", printed.patchSize() / 1048576.0, maxPatchBytes / 1048576.0));
        }
        Patch patch = new Patch(printed.patch() != null ? printed.patch() : readPatch(grading), printed.protectedChanges());
        if (r.exitCode() == APPLY_FAILED) {
            throw new PatchFailed(patch, "the agent's patch does not apply to the pristine " + Sandbox.WORKDIR + ": " + message);
        }
        return patch;
    }

    /**
     * What the diff command prints before it applies the patch: a line with the patch's size and
     * the protected list's size, the list (NUL-separated paths), then the patch itself unless it
     * is bigger than {@value #INLINE_PATCH_BYTES} bytes ({@code patch} null: read the file).
     */
    record DiffOutput(long patchSize, List<String> protectedChanges, byte[] patch) {
        static DiffOutput parse(byte[] out) {
            int eol = indexOf(out, (byte) '\n');
            String[] sizes = eol < 0 ? new String[0] : new String(out, 0, eol, StandardCharsets.US_ASCII).trim().split("\\s+");
            long patchSize;
            int listSize;
            try {
                patchSize = sizes.length == 2 ? Long.parseLong(sizes[0]) : -1;
                listSize = sizes.length == 2 ? Integer.parseInt(sizes[1]) : -1;
            } catch (NumberFormatException e) {
                patchSize = -1;
                listSize = -1;
            }
            boolean inline = patchSize >= 0 && patchSize <= INLINE_PATCH_BYTES;
            if (patchSize < 0 || listSize < 0 || out.length != eol + 1 + listSize + (inline ? patchSize : 0)) {
                throw new SandboxException("the grading container's diff printed " + (out == null ? "too much" : out.length + " bytes")
                        + ", not the sizes, the protected paths and the patch", null);
            }
            String list = new String(out, eol + 1, listSize, StandardCharsets.UTF_8);
            byte[] patch = inline ? Arrays.copyOfRange(out, eol + 1 + listSize, out.length) : null;
            return new DiffOutput(patchSize, Arrays.stream(list.split("\0")).filter(p -> !p.isBlank()).toList(), patch);
        }

        private static int indexOf(byte[] bytes, byte b) {
            for (int i = 0; bytes != null && i < bytes.length; i++) {
                if (bytes[i] == b) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The patch file, read through the engine; one too big to store is the agent's failure to act within limits. */
    private byte[] readPatch(Sandbox grading) throws EvaluationException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(grading.readArchive(PATCH_FILE))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.isFile()) {
                    if (e.getSize() > maxPatchBytes) {
                        throw new EvaluationException(ErrorKind.AGENT, String.format("the agent's change is too big to grade:"
                                + " a %.1f MiB patch (at most %.1f MiB)", e.getSize() / 1048576.0, maxPatchBytes / 1048576.0));
                    }
                    return tar.readAllBytes();
                }
            }
            throw new IOException("the archive holds no file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PATCH_FILE + " from the grading container", e);
        }
    }

    /** The patch was taken but does not apply (an infra error: it is a diff of the same base); carries it to store. */
    static final class PatchFailed extends EvaluationException {
        private final transient Patch patch;

        PatchFailed(Patch patch, String message) {
            super(ErrorKind.INFRA, message);
            this.patch = patch;
        }

        Patch patch() {
            return patch;
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
                + " -c core.logAllRefUpdates=false"
                + " -c core.autocrlf=false -c core.fileMode=true -c core.symlinks=true -c core.quotePath=true"
                + " --git-dir=" + root + "/git";
    }

    /**
     * Commits the pristine tree and lists the files its {@code .gitignore} rules hide (they exist in
     * the image but are in no commit). Leaves {@code root}/agent alone: the agent's tree may be
     * copied there meanwhile. The git dir is kept to a few files (no templates, no reflog, objects in
     * one pack): every attempt removes it from a lower image layer, which costs one whiteout per entry.
     */
    static String pristineCommand(String app, String root) {
        String git = git(root) + " --work-tree=" + app;
        return "rm -rf " + root + "/git && mkdir -p " + root + " && " + git(root) + " init -q --template= && cd " + app + " && " + git + " add -A"
                + " && " + git + " commit -q --allow-empty --no-verify -m pristine"
                + " && " + git(root) + " repack -a -d -q --no-write-bitmap-index && rm -f " + root + "/git/COMMIT_EDITMSG"
                + " && " + git + " ls-files -z --others --ignored --exclude-standard > " + root + "/ignored";
    }

    /**
     * Adds the agent's tree minus the files the pristine tree ignores (an agent that edits
     * .gitignore cannot make the patch re-create files the image already has, which would not
     * apply), writes the change outside the protected paths to {@code root}/patch.diff, removes the
     * copied tree and the git dir, prints the protected paths changed and the patch
     * ({@link DiffOutput}) and then applies it in {@code app}. Exits {@value #APPLY_FAILED} when the
     * patch does not apply, else non-zero only when the diff failed.
     */
    static String diffCommand(String app, String root, ProtectedPaths protectedPaths) {
        String git = git(root) + " --work-tree=" + root + "/agent";
        String diff = git + " diff --cached --no-renames --no-ext-diff --no-textconv --no-color";
        return "mkdir -p " + root + "/agent && cd " + root + "/agent && " + git + " add -A"
                + " && " + git + " update-index -z --force-remove --stdin < " + root + "/ignored"
                + " && " + diff + " --binary --src-prefix=a/ --dst-prefix=b/ HEAD -- " + protectedPaths.exclusions() + " > " + root + "/patch.diff"
                + " && " + diff + " --name-only -z HEAD -- " + protectedPaths.pathspecs() + " > " + root + "/protected || exit 1;"
                + " cd " + app + " && rm -rf " + root + "/agent " + root + "/git " + root + "/ignored || exit 1;"
                + " p=$(wc -c < " + root + "/patch.diff) && l=$(wc -c < " + root + "/protected) && echo $p $l"
                + " && cat " + root + "/protected && rm -f " + root + "/protected"
                + " && if [ $p -le " + INLINE_PATCH_BYTES + " ]; then cat " + root + "/patch.diff; fi || exit 1;"
                + " if [ -s " + root + "/patch.diff ]; then git apply --binary --whitespace=nowarn " + root + "/patch.diff || exit " + APPLY_FAILED + "; fi";
    }

    private static String lastLine(String text) {
        return text.strip().lines().reduce((a, b) -> b).orElse("");
    }
}
