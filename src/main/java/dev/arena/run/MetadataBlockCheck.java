package dev.arena.run;

import dev.arena.sandbox.BuiltImage;
import dev.arena.sandbox.ExecResult;
import dev.arena.sandbox.ImageSource;
import dev.arena.sandbox.RegistryLogin;
import dev.arena.sandbox.Sandbox;
import dev.arena.sandbox.SandboxException;
import dev.arena.sandbox.SandboxProvider;
import dev.arena.sandbox.SandboxSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod's run-time proof that the sidecar's firewall works: before the first sandbox of the
 * attempt with a network starts (so before the agent; a grading sandbox without one needs no
 * proof), a throwaway container from the same image, with the same
 * network mode and limits, tries to connect to the cloud metadata server. A connection, or an
 * image with no way to try one, fails that start with a {@link SandboxException}: the attempt ends
 * as an infrastructure error naming the address, and nothing else starts on this provider.
 * Only for pods: on a laptop the metadata server is not the pod's to protect.
 */
public final class MetadataBlockCheck {
    /** The GKE metadata server's endpoints: {@code .254:80} (also metadata.google.internal) and {@code .252:988}/{@code :80}. */
    public static final List<String> TARGETS = List.of("169.254.169.254:80", "169.254.169.252:80", "169.254.169.252:988");
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LINE = Pattern.compile("^(open|closed|untested) (\\S+)$", Pattern.MULTILINE);

    /**
     * Tries every target at once, 3 seconds each, with the first tool the image has: python3, bash's
     * /dev/tcp under timeout, nc. One line per target: {@code open T}, {@code closed T} or
     * {@code untested T} (no tool).
     */
    static final String COMMAND = """
            probe() {
              h=${1%:*}; p=${1#*:}
              if command -v python3 >/dev/null 2>&1; then
                python3 -c 'import socket, sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), 3)' "$h" "$p" 2>/dev/null
              elif command -v bash >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
                timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$h" "$p" 2>/dev/null
              elif command -v nc >/dev/null 2>&1; then
                nc -w 3 "$h" "$p" </dev/null >/dev/null 2>&1
              else
                echo "untested $1"; return
              fi && echo "open $1" || echo "closed $1"
            }
            for t in @TARGETS@; do probe "$t" & done
            wait
            """.replace("@TARGETS@", String.join(" ", TARGETS));

    private MetadataBlockCheck() {
    }

    /** {@code inner}, with the check before its first sandbox; closing it closes {@code inner}. */
    public static SandboxProvider guard(SandboxProvider inner) {
        return new Guarded(inner);
    }

    /**
     * The targets a command in {@code sandbox} could connect to; empty when none.
     *
     * @throws SandboxException when the check could not try every target
     */
    public static List<String> reachable(Sandbox sandbox) throws InterruptedException {
        ExecResult r = sandbox.exec(COMMAND, TIMEOUT);
        List<String> open = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        Matcher m = LINE.matcher(r.stdout());
        while (m.find()) {
            if (!m.group(1).equals("untested")) {
                tried.add(m.group(2));
            }
            if (m.group(1).equals("open")) {
                open.add(m.group(2));
            }
        }
        if (!open.isEmpty()) {
            return open;
        }
        if (!tried.containsAll(TARGETS)) {
            throw new SandboxException("cannot check that task containers are kept off the metadata server: "
                    + (r.stdout().contains("untested") ? "the image has none of python3, bash with timeout, nc"
                    : "the check exited " + r.exitCode() + (r.timedOut() ? " (timed out)" : "") + ": " + r.output().strip())
                    + "; refusing to run the agent unchecked", null);
        }
        return open;
    }

    private static final class Guarded implements SandboxProvider {
        private final SandboxProvider inner;
        /** The network modes proven so far; "none" needs no proof (a grading sandbox has no network). */
        private final java.util.Set<String> checked = new java.util.HashSet<>();
        private SandboxException failure;

        Guarded(SandboxProvider inner) {
            this.inner = inner;
        }

        @Override
        public BuiltImage build(ImageSource source, Duration timeout) throws InterruptedException {
            return inner.build(source, timeout);
        }

        @Override
        public boolean pull(String reference, Supplier<RegistryLogin> login) throws InterruptedException {
            return inner.pull(reference, login);
        }

        @Override
        public String derive(SandboxSpec spec, String command, Duration timeout) throws InterruptedException {
            checkOnce(spec); // its command runs in a container too
            return inner.derive(spec, command, timeout);
        }

        @Override
        public Sandbox start(SandboxSpec spec) {
            checkOnce(spec);
            return inner.start(spec);
        }

        @Override
        public dev.arena.sandbox.StagedSandbox startStaged(SandboxSpec spec, String prepare, String run) {
            checkOnce(spec);
            return inner.startStaged(spec, prepare, run);
        }

        private void checkOnce(SandboxSpec spec) {
            synchronized (this) {
                if (failure != null) {
                    throw failure;
                }
                if (!"none".equals(spec.network()) && !checked.contains(spec.network())) {
                    check(spec); // with the network the sandbox will have, so the grading one cannot stand in
                    checked.add(spec.network());
                }
            }
        }

        private void check(SandboxSpec spec) {
            SandboxSpec probe = new SandboxSpec(spec.image(), spec.name() + "-metadata-check", spec.memoryBytes(), spec.cpus(),
                    spec.network(), spec.labels(), spec.pidsLimit(), spec.nofile());
            List<String> open;
            try (Sandbox sandbox = inner.start(probe)) {
                open = reachable(sandbox);
            } catch (SandboxException e) {
                failure = e;
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("interrupted while checking the metadata block", e);
            }
            if (!open.isEmpty()) {
                failure = new SandboxException("the cloud metadata server is reachable from a task container (connected to "
                        + String.join(", ", open) + "): the sidecar's firewall is not in place; nothing runs in this pod", null);
                throw failure;
            }
        }

        @Override
        public dev.arena.sandbox.SandboxNetwork network(String name, Map<String, String> labels) {
            return inner.network(name, labels);
        }

        @Override
        public int removeAll(Map<String, String> labels) {
            return inner.removeAll(labels);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
