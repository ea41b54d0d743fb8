package dev.arena.testing;

import dev.arena.sandbox.BuiltImage;
import dev.arena.sandbox.ExecResult;
import dev.arena.sandbox.ImageBuildException;
import dev.arena.sandbox.ImageBuilder;
import dev.arena.sandbox.ImageSource;
import dev.arena.sandbox.RegistryLogin;
import dev.arena.sandbox.Sandbox;
import dev.arena.sandbox.SandboxException;
import dev.arena.sandbox.SandboxNetwork;
import dev.arena.sandbox.SandboxProvider;
import dev.arena.sandbox.SandboxSpec;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An in-memory {@link SandboxProvider} for unit tests. A sandbox is a map of files; its commands
 * are answered by rules ({@link #on}: first matching regex wins, the test's rules before the
 * defaults). The defaults answer what TaskEvaluator, PatchTaker and Grader issue (the pristine
 * commit, the diff and apply: an empty patch ({@link #agentDiff}), {@code rm -rf},
 * {@code run_tests.sh}: "1 passed, 0 failed") plus {@code echo}, {@code exit N} and
 * {@code sleep N} (which really sleeps, at most until its timeout, then reports a kill as Docker
 * does: exit 137, timedOut). Anything else exits 127. Sandboxes start only from images built or
 * pulled before. Everything started, built and pulled is recorded.
 */
public final class FakeSandboxProvider implements SandboxProvider {
    /** Where the grading sandbox's diff command leaves the patch (PatchTaker's file). */
    public static final String PATCH_FILE = "/arena/patch.diff";

    /** How a command answers; may throw {@link SandboxException} or sleep. */
    @FunctionalInterface
    public interface Answer {
        ExecResult answer(FakeSandbox sandbox, Matcher command, Duration timeout) throws InterruptedException;
    }

    public record Exec(String command, Duration timeout) {
    }

    private record Rule(Pattern pattern, Answer answer) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Rule> defaults = List.of(
            new Rule(Pattern.compile("--work-tree=/app add -A"), (s, m, t) -> {
                s.files.put("/arena/git/HEAD", "ref: refs/heads/master\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                s.files.put("/arena/ignored", new byte[0]);
                return ok("");
            }),
            new Rule(Pattern.compile("git .*diff --cached"), agentDiff("")),
            new Rule(Pattern.compile("^rm -r?f (.*)$"), (s, m, t) -> {
                for (String path : m.group(1).trim().split("\\s+")) {
                    s.files.keySet().removeIf(k -> k.equals(path) || k.startsWith(path + "/"));
                }
                return ok("");
            }),
            new Rule(Pattern.compile("\\./run_tests\\.sh"), (s, m, t) -> ok("1 passed, 0 failed\n")),
            new Rule(Pattern.compile("^echo (.*)$"), (s, m, t) -> ok(m.group(1) + "\n")),
            new Rule(Pattern.compile("^exit (\\d+)$"), (s, m, t) -> result(Integer.parseInt(m.group(1)), "", "")),
            new Rule(Pattern.compile("^sleep (\\d+)$"), (s, m, t) -> {
                Duration asked = Duration.ofSeconds(Long.parseLong(m.group(1)));
                Thread.sleep(Math.min(asked.toMillis(), t.toMillis()));
                return asked.compareTo(t) > 0 ? timedOut("").answer(s, m, t) : ok("");
            }));

    public final List<FakeSandbox> started = new CopyOnWriteArrayList<>();
    /** The containers {@link #derive} ran its commands in (not in {@link #started}), in order. */
    public final List<FakeSandbox> derivations = new CopyOnWriteArrayList<>();
    /** The files each derived image adds to the sandboxes started from it. */
    private final Map<String, Map<String, byte[]>> derivedFiles = new ConcurrentHashMap<>();
    public final List<ImageSource> builds = new CopyOnWriteArrayList<>();
    /** The time limit each build was given, in order. */
    public final List<Duration> buildTimeouts = new CopyOnWriteArrayList<>();
    public final List<String> pulls = new CopyOnWriteArrayList<>();
    public final List<FakeNetwork> networks = new CopyOnWriteArrayList<>();
    private final Set<String> images = ConcurrentHashMap.newKeySet();
    private volatile RuntimeException buildFailure;
    private volatile RuntimeException pullFailure;
    private volatile RuntimeException startFailure;
    private volatile Runnable beforeBuild = () -> { };
    private volatile Runnable beforeStart = () -> { };
    private volatile Runnable beforeStop = () -> { };
    public volatile boolean closed;

    /** Answers commands in which {@code regex} is found; rules added first are tried first. */
    public FakeSandboxProvider on(String regex, Answer answer) {
        rules.add(new Rule(Pattern.compile(regex), answer));
        return this;
    }

    public FakeSandboxProvider failBuild(String message, String buildLog) {
        buildFailure = new ImageBuildException(message, buildLog, null);
        return this;
    }

    public FakeSandboxProvider failPull(String message) {
        pullFailure = new ImageBuildException(message, null);
        return this;
    }

    public FakeSandboxProvider failStart(String message) {
        startFailure = new SandboxException(message, null);
        return this;
    }

    /** Runs {@code hook} at the start of every build (e.g. to cancel an evaluation there). */
    public FakeSandboxProvider beforeBuild(Runnable hook) {
        beforeBuild = hook;
        return this;
    }

    /** Runs in {@link FakeSandbox#stop()} before the sandbox counts as stopped (a slow kill). */
    public FakeSandboxProvider beforeStop(Runnable hook) {
        beforeStop = hook;
        return this;
    }

    public FakeSandboxProvider beforeStart(Runnable hook) {
        beforeStart = hook;
        return this;
    }

    public static ExecResult result(int exit, String stdout, String stderr) {
        return new ExecResult(exit, stdout, stderr, false, Duration.ofMillis(1));
    }

    public static ExecResult ok(String stdout) {
        return result(0, stdout, "");
    }

    /**
     * The grading sandbox's diff and apply of the agent's tree: leaves {@code patch} where
     * PatchTaker may read it, removes the copied tree, and prints what PatchTaker's command prints:
     * the sizes, the protected paths changed (NUL-separated, as git does) and the patch.
     * (The patch itself is not applied to the fake's files.)
     */
    public static Answer agentDiff(String patch, String... protectedChanges) {
        return (s, m, t) -> {
            byte[] diff = patch.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            s.files.put(PATCH_FILE, diff);
            s.files.keySet().removeIf(k -> k.startsWith("/arena/agent/") || k.startsWith("/arena/git/") || k.equals("/arena/ignored"));
            String list = protectedChanges.length == 0 ? "" : String.join("\0", protectedChanges) + "\0";
            return ok(diff.length + " " + list.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\n" + list + patch);
        };
    }

    /** Killed at its limit having printed {@code stdout}, as DockerSandbox reports it (without the wait). */
    public static Answer timedOut(String stdout) {
        return (s, m, t) -> new ExecResult(137, stdout, "", true, t);
    }

    @Override
    public BuiltImage build(ImageSource source, Duration timeout) {
        beforeBuild.run();
        builds.add(source);
        buildTimeouts.add(timeout);
        if (buildFailure != null) {
            throw buildFailure;
        }
        String tag = ImageBuilder.tagFor(source.name(), source.context().contentHash(), source.buildArgs());
        boolean reused = !images.add(tag);
        return new BuiltImage(tag, reused, reused ? "" : "fake build of " + tag + "\n");
    }

    @Override
    public boolean pull(String reference, Supplier<RegistryLogin> login) {
        pulls.add(reference);
        if (pullFailure != null) {
            throw pullFailure;
        }
        return images.add(reference);
    }

    /**
     * Runs {@code command} through the rules in a sandbox of its own, once per image and command
     * (the fake's images are their tags: content-addressed as ImageBuilder makes them); the derived
     * image's sandboxes start with the files it left.
     */
    @Override
    public synchronized String derive(SandboxSpec spec, String command, Duration timeout) throws InterruptedException {
        String tag = spec.image() + "+derived-" + Integer.toHexString(command.hashCode());
        if (images.contains(tag)) {
            return tag;
        }
        if (!images.contains(spec.image())) {
            throw new SandboxException("cannot inspect image " + spec.image() + ": no such image", null);
        }
        FakeSandbox recorder = new FakeSandbox(spec);
        derivations.add(recorder);
        try {
            ExecResult r = recorder.exec(command, timeout);
            if (!r.ok()) {
                throw new SandboxException("the command deriving an image from " + spec.image() + " exited " + r.exitCode() + ": "
                        + r.output().strip().lines().reduce((a, b) -> b).orElse(""), null);
            }
            derivedFiles.put(tag, Map.copyOf(recorder.files));
            images.add(tag);
            return tag;
        } finally {
            recorder.close();
        }
    }

    @Override
    public Sandbox start(SandboxSpec spec) {
        beforeStart.run();
        if (startFailure != null) {
            throw startFailure;
        }
        if (!spec.network().equals("bridge") && !spec.network().equals("none")
                && networks.stream().noneMatch(n -> n.name.equals(spec.network()) && !n.removed)) {
            throw new SandboxException("cannot start a container from " + spec.image() + ": network " + spec.network() + " not found", null);
        }
        if (!images.contains(spec.image())) {
            throw new SandboxException("cannot start a container from " + spec.image() + ": no such image", null);
        }
        FakeSandbox sandbox = new FakeSandbox(spec);
        sandbox.files.putAll(derivedFiles.getOrDefault(spec.image(), Map.of()));
        started.add(sandbox);
        return sandbox;
    }

    /** A fake sandbox whose two stages are answered by the rules like commands run by exec. */
    @Override
    public dev.arena.sandbox.StagedSandbox startStaged(SandboxSpec spec, String prepare, String run) {
        FakeSandbox sandbox = (FakeSandbox) start(spec);
        sandbox.stages = List.of(prepare, run);
        return sandbox;
    }

    @Override
    public SandboxNetwork network(String name, Map<String, String> labels) {
        FakeNetwork n = new FakeNetwork(name, Map.copyOf(labels));
        networks.add(n);
        return n;
    }

    /** A network that exists only as a name: closing it marks it removed. */
    public static final class FakeNetwork implements SandboxNetwork {
        public final String name;
        public final Map<String, String> labels;
        public final List<Integer> allowed = new CopyOnWriteArrayList<>();
        public volatile boolean removed;

        FakeNetwork(String name, Map<String, String> labels) {
            this.name = name;
            this.labels = labels;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public java.net.InetAddress gateway() {
            return java.net.InetAddress.getLoopbackAddress();
        }

        @Override
        public void allowTcp(int port) {
            allowed.add(port);
        }

        @Override
        public java.util.Optional<String> warning() {
            return java.util.Optional.empty();
        }

        @Override
        public void close() {
            removed = true;
        }
    }

    @Override
    public int removeAll(Map<String, String> labels) {
        for (FakeNetwork n : networks) {
            if (n.labels.entrySet().containsAll(labels.entrySet())) {
                n.removed = true;
            }
        }
        int removed = 0;
        for (FakeSandbox s : started) {
            if (s.live() && s.spec.labels().entrySet().containsAll(labels.entrySet())) {
                s.removed = true;
                removed++;
            }
        }
        return removed;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** A sandbox whose /app is a map from absolute path to content. */
    public final class FakeSandbox implements dev.arena.sandbox.StagedSandbox {
        public final SandboxSpec spec;
        public final Map<String, byte[]> files = new ConcurrentHashMap<>();
        public final List<Exec> execs = new CopyOnWriteArrayList<>();
        public volatile int closeCount;
        /** The commands of a sandbox started by {@link #startStaged}, else null. */
        public volatile List<String> stages;
        /** Set by {@link #stop()}: nothing runs any more, files stay readable. */
        public volatile boolean stopped;
        /** Whether it was stopped when {@link #readArchive} was last called; null before any call. */
        public volatile Boolean stoppedWhenRead;
        /** What {@link #networkGateway()} answers; null: no network, as with network mode none. */
        public volatile java.net.InetAddress networkGateway = java.net.InetAddress.getLoopbackAddress();
        volatile boolean removed;

        FakeSandbox(SandboxSpec spec) {
            this.spec = spec;
        }

        public boolean live() {
            return closeCount == 0 && !removed;
        }

        public List<String> commands() {
            return execs.stream().map(Exec::command).toList();
        }

        @Override
        public ExecResult exec(String command, Duration timeout) throws InterruptedException {
            requireLive();
            if (stopped) {
                throw new SandboxException("fake sandbox " + spec.name() + " is stopped", null);
            }
            execs.add(new Exec(command, timeout));
            for (Rule rule : Stream.concat(rules.stream(), defaults.stream()).toList()) {
                Matcher m = rule.pattern.matcher(command);
                if (m.find()) {
                    return rule.answer.answer(this, m, timeout);
                }
            }
            return result(127, "", "fake sandbox: no rule for `" + command + "`\n");
        }

        @Override
        public java.net.InetAddress networkGateway() {
            requireLive();
            if (networkGateway == null) {
                throw new SandboxException("the fake sandbox has no network", null);
            }
            return networkGateway;
        }

        @Override
        public void copyIn(Path hostPath, String containerPath) {
            requireLive();
            try (Stream<Path> walk = Files.walk(hostPath)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    String rel = hostPath.relativize(p).toString().replace('\\', '/');
                    files.put(rel.isEmpty() ? containerPath : containerPath + "/" + rel, Files.readAllBytes(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void writeFile(String containerPath, byte[] content) {
            requireLive();
            files.put(containerPath, content.clone());
        }

        @Override
        public byte[] readFile(String containerPath) {
            requireLive();
            byte[] content = files.get(containerPath);
            if (content == null) {
                throw new SandboxException("cannot read " + containerPath + " from the fake sandbox: no such file", null);
            }
            return content.clone();
        }

        /** Regular files only (the fake has no folders of its own, no modes, no symlinks), sorted by name. */
        @Override
        public InputStream readArchive(String containerPath) {
            requireLive();
            stoppedWhenRead = stopped;
            String root = containerPath.replaceAll("/+$", "");
            String base = root.substring(root.lastIndexOf('/') + 1);
            Map<String, byte[]> under = new TreeMap<>();
            files.forEach((path, content) -> {
                if (path.equals(root)) {
                    under.put(base, content);
                } else if (path.startsWith(root + "/")) {
                    under.put(base + path.substring(root.length()), content);
                }
            });
            if (under.isEmpty() && !root.equals(WORKDIR)) { // the workdir always exists, as in an image
                throw new dev.arena.sandbox.NoSuchPathException("no " + containerPath + " in the fake sandbox", null);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (Map.Entry<String, byte[]> file : under.entrySet()) {
                    TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                    entry.setSize(file.getValue().length);
                    tar.putArchiveEntry(entry);
                    tar.write(file.getValue());
                    tar.closeArchiveEntry();
                }
                tar.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new ByteArrayInputStream(bytes.toByteArray());
        }

        /** Keeps the regular files of the tar; folders and symlinks are not modelled. */
        @Override
        public void writeArchive(InputStream in) {
            requireLive();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    if (e.isFile()) {
                        files.put("/" + e.getName().replaceAll("^/+", ""), tar.readAllBytes());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Unpacks as {@link #writeArchive} does, then answers the first stage's command as an exec. */
        @Override
        public ExecResult prepare(Path tar, Duration timeout) throws InterruptedException {
            String command = stage(0);
            try (InputStream in = Files.newInputStream(tar)) {
                writeArchive(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return exec(command, timeout);
        }

        /** Answers the second stage's command as an exec; then the sandbox is stopped, as a container whose main process ended. */
        @Override
        public ExecResult run(Duration timeout) throws InterruptedException {
            String command = stage(1);
            try {
                return exec(command, timeout);
            } finally {
                stopped = true;
            }
        }

        private String stage(int index) {
            if (stages == null) {
                throw new IllegalStateException("fake sandbox " + spec.name() + " was not started staged");
            }
            return stages.get(index);
        }

        @Override
        public void stop() {
            beforeStop.run();
            stopped = true;
        }

        @Override
        public void close() {
            closeCount++;
        }

        private void requireLive() {
            if (!live()) {
                throw new SandboxException("fake sandbox " + spec.name() + " is gone", null);
            }
        }
    }
}
