package dev.arena.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link StagedSandbox} in a Docker container whose main process is {@link #SCRIPT}, driven
 * through an attach made before the container starts: the script says whether the image has
 * {@code tar}, takes the tar's length and bytes on stdin (the engine's client cannot close an
 * attached stdin, so lengths are counted, never awaited as an end), runs the first command with
 * its output in files, prints its exit code, both lengths and both outputs, waits for a line and
 * then becomes the second command. Everything else is the plain {@link DockerSandbox}'s.
 */
final class DockerStagedSandbox implements StagedSandbox {
    /** The script's exit code, with {@link #UNPACK_FAILED} last on stderr, when the tar did not unpack. */
    private static final int UNPACK_EXIT = 92;
    private static final String UNPACK_FAILED = "arena-unpack-failed";
    /** $1: the first command, $2: the second; run by {@code sh -c} in {@link Sandbox#WORKDIR}. */
    static final String SCRIPT = "if command -v tar >/dev/null 2>&1; then echo tar; else echo notar; fi;"
            + " read n || exit 0; o=${TMPDIR:-/tmp}/arena-stage.out; e=${TMPDIR:-/tmp}/arena-stage.err;"
            + " ( if [ \"$n\" -gt 0 ]; then head -c \"$n\" | tar -x -o -f - -C / || { echo " + UNPACK_FAILED + " >&2; exit " + UNPACK_EXIT + "; }; fi;"
            + " exec sh -c \"$1\" </dev/null ) >\"$o\" 2>\"$e\"; c=$?;"
            + " echo \"$c $(wc -c <\"$o\") $(wc -c <\"$e\")\"; cat \"$o\" \"$e\"; rm -f \"$o\" \"$e\";"
            + " read go || exit 0; exec sh -c \"$2\" </dev/null";
    /** The most the first command may print (the grading diff prints at most a MiB of patch). */
    private static final long MAX_PREPARE_OUTPUT = 64L << 20;

    private final DockerClient client;
    private final DockerSandbox container;
    private final StdinFeed stdin;
    /** The attach's own callback: what the main process prints. */
    private final AttachedOutput output;

    private DockerStagedSandbox(DockerClient client, DockerSandbox container, StdinFeed stdin, AttachedOutput output) {
        this.client = client;
        this.container = container;
        this.stdin = stdin;
        this.output = output;
    }

    static DockerStagedSandbox start(DockerClient client, SandboxSpec spec, String prepare, String run) {
        StdinFeed stdin = new StdinFeed();
        AttachedOutput output = new AttachedOutput(MAX_PREPARE_OUTPUT + 4096);
        String id = DockerSandbox.createAndStart(client, spec, List.of("sh", "-c", SCRIPT, "arena-staged", prepare, run), true, created -> {
            client.attachContainerCmd(created).withStdIn(stdin).withStdOut(true).withStdErr(true).withFollowStream(true).exec(output);
            try {
                if (!output.awaitStarted(30, TimeUnit.SECONDS)) {
                    throw new SandboxException("no attach to the new container within 30 s", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // createAndStart restores the flag; the caller closes what it gets
            }
        });
        return new DockerStagedSandbox(client, new DockerSandbox(client, id), stdin, output);
    }

    @Override
    public ExecResult prepare(Path tar, Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String hasTar = output.readLine(deadline);
        if (hasTar == null) {
            return timedOut(started);
        }
        try {
            if (hasTar.equals("tar")) {
                stdin.feed((Files.size(tar) + "\n").getBytes(StandardCharsets.US_ASCII), deadline);
                try (InputStream in = Files.newInputStream(tar)) {
                    stdin.feed(in, deadline);
                }
            } else { // no tar in the image: the engine unpacks it
                try (InputStream in = Files.newInputStream(tar)) {
                    container.writeArchive(in);
                }
                stdin.feed("0\n".getBytes(StandardCharsets.US_ASCII), deadline);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tar, e);
        }
        String header = output.readLine(deadline);
        if (header == null) {
            return timedOut(started);
        }
        String[] parts = header.trim().split("\\s+");
        long outLength;
        long errLength;
        int exit;
        try {
            exit = Integer.parseInt(parts[0]);
            outLength = Long.parseLong(parts[1]);
            errLength = Long.parseLong(parts[2]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new SandboxException("the sandbox's main process printed '" + header + "', not the first command's exit code and lengths", null);
        }
        if (outLength + errLength > MAX_PREPARE_OUTPUT) {
            throw new SandboxException("the first command printed " + (outLength + errLength) + " bytes, more than arena reads", null);
        }
        byte[] out = output.read((int) outLength, deadline);
        byte[] err = out == null ? null : output.read((int) errLength, deadline);
        if (err == null) {
            return timedOut(started);
        }
        String errText = new String(err, StandardCharsets.UTF_8);
        if (exit == UNPACK_EXIT && errText.strip().endsWith(UNPACK_FAILED)) {
            String why = errText.strip().lines().filter(l -> !l.equals(UNPACK_FAILED)).reduce((a, b) -> b).orElse("");
            throw new SandboxException("cannot unpack files in the container with its tar: " + why, null);
        }
        return new ExecResult(exit, new String(out, StandardCharsets.UTF_8), errText, false, Duration.ofNanos(System.nanoTime() - started), out);
    }

    /** The main process did not answer in time (or ended): it is stopped; what it left is said. */
    private ExecResult timedOut(long started) {
        boolean ended = output.ended();
        container.kill();
        String stderr = output.stderrSoFar();
        if (ended) {
            throw new SandboxException("the sandbox's main process ended early" + (stderr.isBlank() ? "" : ": " + stderr.strip()), null);
        }
        return new ExecResult(137, "", stderr, true, Duration.ofNanos(System.nanoTime() - started));
    }

    @Override
    public ExecResult run(Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        BoundedOutput out = new BoundedOutput(DockerSandbox.HEAD_LIMIT, DockerSandbox.TAIL_LIMIT);
        BoundedOutput err = new BoundedOutput(DockerSandbox.HEAD_LIMIT, DockerSandbox.TAIL_LIMIT);
        output.from(out, err);
        WaitContainerResultCallback exit;
        try {
            exit = client.waitContainerCmd(container.containerId()).exec(new WaitContainerResultCallback());
        } catch (RuntimeException e) {
            throw new SandboxException("cannot follow the container: " + DockerEngine.rootMessage(e), e);
        }
        try {
            stdin.feed("go\n".getBytes(StandardCharsets.US_ASCII), started + timeout.toNanos());
            boolean ended = output.awaitEnd(started + timeout.toNanos());
            if (!ended) {
                container.kill(); // the main process: everything in the sandbox goes with it
                output.awaitEnd(System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
                return new ExecResult(137, out.text(), err.text(), true, Duration.ofNanos(System.nanoTime() - started), out.bytes());
            }
            Integer code;
            try {
                code = exit.awaitStatusCode(30, TimeUnit.SECONDS);
            } catch (RuntimeException e) {
                throw new SandboxException("cannot read the exit code of the container's main process: " + DockerEngine.rootMessage(e), e);
            }
            return new ExecResult(code == null ? -1 : code, out.text(), err.text(), false, Duration.ofNanos(System.nanoTime() - started), out.bytes());
        } finally {
            try {
                exit.close();
            } catch (IOException ignored) {
                // the wait's stream is done either way
            }
        }
    }

    @Override
    public ExecResult exec(String command, Duration timeout) throws InterruptedException {
        return container.exec(command, timeout);
    }

    @Override
    public void copyIn(Path hostPath, String containerPath) {
        container.copyIn(hostPath, containerPath);
    }

    @Override
    public void writeFile(String containerPath, byte[] content) {
        container.writeFile(containerPath, content);
    }

    @Override
    public byte[] readFile(String containerPath) {
        return container.readFile(containerPath);
    }

    @Override
    public InputStream readArchive(String containerPath) {
        return container.readArchive(containerPath);
    }

    @Override
    public void writeArchive(InputStream tar) {
        container.writeArchive(tar);
    }

    @Override
    public InetAddress networkGateway() {
        return container.networkGateway();
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public void close() {
        container.close();
        stdin.close();
        try {
            output.close();
        } catch (IOException | RuntimeException ignored) {
            // the container is gone either way
        }
    }

    /**
     * What the attach brings: stdout kept until read while the first stage runs (the whole of it is
     * the script's own framing), then, from {@link #from}, both streams into bounded buffers.
     */
    static final class AttachedOutput extends ResultCallback.Adapter<Frame> {
        /** The most stdout kept before the second stage: the image's own programs print it, so it is bounded. */
        private final long pendingLimit;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private boolean overflowed;
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        private int position;
        private BoundedOutput out;
        private BoundedOutput err;
        private boolean ended;

        AttachedOutput(long pendingLimit) {
            this.pendingLimit = pendingLimit;
        }

        @Override
        public synchronized void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            boolean isErr = frame.getStreamType() == StreamType.STDERR;
            if (out != null) {
                (isErr ? err : out).append(payload);
            } else if (isErr) {
                stderr.write(payload, 0, Math.min(payload.length, Math.max(0, 65536 - stderr.size())));
            } else {
                if (pending.size() + (long) payload.length > pendingLimit) {
                    overflowed = true; // what a reader still waits for will not come
                } else {
                    pending.write(payload, 0, payload.length);
                }
            }
            notifyAll();
        }

        @Override
        public synchronized void onComplete() {
            ended = true;
            notifyAll();
            super.onComplete();
        }

        @Override
        public synchronized void onError(Throwable throwable) {
            ended = true;
            notifyAll();
            super.onError(throwable);
        }

        synchronized boolean ended() {
            return ended;
        }

        synchronized String stderrSoFar() {
            return stderr.toString(StandardCharsets.UTF_8);
        }

        /** The next line of stdout without its newline; null when it ended or {@code deadline} passed first. */
        synchronized String readLine(long deadline) throws InterruptedException {
            while (true) {
                byte[] all = pending.toByteArray();
                for (int i = position; i < all.length; i++) {
                    if (all[i] == '\n') {
                        String line = new String(all, position, i - position, StandardCharsets.UTF_8);
                        position = i + 1;
                        return line;
                    }
                }
                if (!waitUntil(deadline)) {
                    return null;
                }
            }
        }

        /** The next {@code n} bytes of stdout; null when it ended or {@code deadline} passed first. */
        synchronized byte[] read(int n, long deadline) throws InterruptedException {
            while (pending.size() - position < n) {
                if (!waitUntil(deadline)) {
                    return null;
                }
            }
            byte[] bytes = Arrays.copyOfRange(pending.toByteArray(), position, position + n);
            position += n;
            return bytes;
        }

        /** From now on both streams go to these (the script prints nothing between the stages). */
        synchronized void from(BoundedOutput stdout, BoundedOutput stderrOut) {
            byte[] rest = Arrays.copyOfRange(pending.toByteArray(), position, pending.size());
            stdout.append(rest);
            pending.reset();
            position = 0;
            out = stdout;
            err = stderrOut;
        }

        /** True once the stream ended, false when {@code deadline} came first. */
        synchronized boolean awaitEnd(long deadline) throws InterruptedException {
            while (!ended) {
                if (!waitUntil(deadline)) {
                    return ended;
                }
            }
            return true;
        }

        /** Waits for more; false when the stream ended or the deadline passed. */
        private boolean waitUntil(long deadline) throws InterruptedException {
            if (overflowed) {
                throw new SandboxException("the sandbox's main process printed more than " + pendingLimit
                        + " bytes before its second stage", null);
            }
            if (ended) {
                return false;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
            return true;
        }
    }

    /**
     * The container's stdin as the attach reads it: bytes handed over in chunks, the reader blocked
     * until the next one; a bounded queue, so a big tar is never all in memory. Ends when closed.
     */
    static final class StdinFeed extends InputStream {
        private static final byte[] END = new byte[0];
        private final java.util.concurrent.BlockingQueue<byte[]> chunks = new java.util.concurrent.ArrayBlockingQueue<>(32);
        private byte[] current = new byte[0];
        private int offset;
        private volatile boolean closed;

        /** Hands {@code bytes} over; a reader that takes nothing until {@code deadline} (a dead attach) is an error. */
        void feed(byte[] bytes, long deadline) throws InterruptedException {
            if (!closed && bytes.length > 0) {
                put(bytes.clone(), deadline);
            }
        }

        void feed(InputStream in, long deadline) throws IOException, InterruptedException {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0 && !closed; ) {
                put(Arrays.copyOf(buffer, n), deadline);
            }
        }

        private void put(byte[] chunk, long deadline) throws InterruptedException {
            if (!chunks.offer(chunk, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new SandboxException("the sandbox's main process stopped taking its input", null);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (offset == current.length) {
                if (current == END) {
                    return -1;
                }
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("stdin feed interrupted");
                }
                offset = 0;
            }
            int n = Math.min(len, current.length - offset);
            System.arraycopy(current, offset, b, off, n);
            offset += n;
            return n;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (!chunks.offer(END)) { // full: nobody reads any more, what waits there can go
                    chunks.clear();
                    chunks.offer(END);
                }
            }
        }
    }
}
