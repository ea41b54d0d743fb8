package dev.arena.sandbox;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two halves of the staged sandbox's protocol that need no engine: reading the attach's frames
 * as the script's framing says (lines and counted bytes, whatever the frames' cuts), and feeding
 * its stdin. The whole of it against the real engine is in {@link SandboxProviderContractIT}.
 */
class DockerStagedSandboxTest {
    private static final long SOON = TimeUnit.SECONDS.toNanos(5);

    @Test
    void linesAndCountedBytesAreReadAcrossFramesWhereverTheyAreCut() throws Exception {
        DockerStagedSandbox.AttachedOutput out = new DockerStagedSandbox.AttachedOutput(1 << 20);
        out.onNext(stdout("ta"));
        out.onNext(stdout("r\n0 5 3\nab"));
        out.onNext(new Frame(StreamType.STDERR, "noise".getBytes(StandardCharsets.UTF_8)));
        out.onNext(stdout("c\0\nerr"));
        assertEquals("tar", out.readLine(deadline()));
        assertEquals("0 5 3", out.readLine(deadline()));
        assertArrayEquals(new byte[] {'a', 'b', 'c', 0, '\n'}, out.read(5, deadline()), "bytes, newlines and NULs included");
        assertArrayEquals("err".getBytes(StandardCharsets.UTF_8), out.read(3, deadline()));
        assertEquals("noise", out.stderrSoFar(), "stderr kept apart");
    }

    @Test
    void aReadThatIsNotAnsweredInTimeOrAfterTheEndGivesNull() throws Exception {
        DockerStagedSandbox.AttachedOutput out = new DockerStagedSandbox.AttachedOutput(1 << 20);
        out.onNext(stdout("no newline yet"));
        long started = System.nanoTime();
        assertNull(out.readLine(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200)));
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(150), "it waited until the deadline");
        assertFalse(out.ended());

        Thread ender = new Thread(out::onComplete);
        ender.start();
        assertNull(out.read(100, deadline()), "the stream ended before 100 bytes came");
        assertTrue(out.ended());
        ender.join();
    }

    @Test
    void fromTheSecondStageBothStreamsGoToBoundedOutputsAndTheEndIsAwaited() throws Exception {
        DockerStagedSandbox.AttachedOutput out = new DockerStagedSandbox.AttachedOutput(1 << 20);
        out.onNext(stdout("0 0 0\n"));
        assertEquals("0 0 0", out.readLine(deadline()));
        BoundedOutput stdout = new BoundedOutput(1 << 10, 1 << 10);
        BoundedOutput stderr = new BoundedOutput(1 << 10, 1 << 10);
        out.from(stdout, stderr);
        out.onNext(stdout("2 passed\n"));
        out.onNext(new Frame(StreamType.STDERR, "warn\n".getBytes(StandardCharsets.UTF_8)));
        assertFalse(out.awaitEnd(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50)), "not ended yet");
        out.onComplete();
        assertTrue(out.awaitEnd(deadline()));
        assertEquals("2 passed\n", stdout.text());
        assertEquals("warn\n", stderr.text());
    }

    @Test
    void aFirstStageThatPrintsPastTheLimitIsAnErrorNotUnboundedMemory() throws Exception {
        DockerStagedSandbox.AttachedOutput out = new DockerStagedSandbox.AttachedOutput(10);
        out.onNext(stdout("tar\n"));
        out.onNext(stdout("0 100 0 with no end in sight"));
        assertEquals("tar", out.readLine(deadline()), "what fits is still read");
        SandboxException e = assertThrows(SandboxException.class, () -> out.readLine(deadline()));
        assertEquals("the sandbox's main process printed more than 10 bytes before its second stage", e.getMessage());
    }

    @Test
    void theStdinFeedGivesWhatWasFedInOrderAndEndsWhenClosed() throws Exception {
        DockerStagedSandbox.StdinFeed feed = new DockerStagedSandbox.StdinFeed();
        byte[] big = new byte[200_000];
        new java.util.Random(3).nextBytes(big);
        feed.feed("12\n".getBytes(StandardCharsets.US_ASCII), deadline());
        Thread writer = new Thread(() -> {
            try {
                feed.feed(new ByteArrayInputStream(big), deadline()); // more than one chunk
                feed.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        byte[] all = feed.readAllBytes();
        writer.join();
        assertEquals(3 + big.length, all.length);
        assertEquals("12\n", new String(all, 0, 3, StandardCharsets.US_ASCII));
        assertArrayEquals(big, java.util.Arrays.copyOfRange(all, 3, all.length));
        assertEquals(-1, feed.read());
    }

    @Test
    void feedingAReaderThatTakesNothingFailsAtTheDeadlineInsteadOfHanging() {
        DockerStagedSandbox.StdinFeed feed = new DockerStagedSandbox.StdinFeed();
        byte[] big = new byte[64 * 1024 * 40]; // more chunks than the queue holds
        long started = System.nanoTime();
        SandboxException e = assertThrows(SandboxException.class,
                () -> feed.feed(new ByteArrayInputStream(big), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300)));
        assertEquals("the sandbox's main process stopped taking its input", e.getMessage());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5));
    }

    private static Frame stdout(String text) {
        return new Frame(StreamType.STDOUT, text.getBytes(StandardCharsets.UTF_8));
    }

    private static long deadline() {
        return System.nanoTime() + SOON;
    }
}
