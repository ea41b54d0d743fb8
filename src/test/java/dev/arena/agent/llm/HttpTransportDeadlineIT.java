package dev.arena.agent.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model call ends by its limit whatever the server does after the headers: with the request
 * timeout alone, a server that sends headers and then stalls held a call until it hung up.
 * The servers here speak raw HTTP/1.1 on a socket, so nothing buffers what they send.
 */
class HttpTransportDeadlineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RetryPolicy NO_WAIT = new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ZERO, () -> 0.0);

    @Test
    void headersThenSilenceEndAtTheCallTimeoutAndAreRetriedAsATimeout() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(false)) {
            HttpTransport transport = new HttpTransport(NO_WAIT, d -> { }, Duration.ofSeconds(1));
            long start = System.nanoTime();
            EvaluationException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(EvaluationException.class,
                    () -> transport.post(transport.pace(Provider.OPENAI, server.uri().toString()), server.uri(), Map.of(), JSON.createObjectNode(), Instant.now().plus(Duration.ofMinutes(1)))));
            double seconds = (System.nanoTime() - start) / 1e9;

            assertTrue(seconds < 4, "two calls of at most 1 s each took " + seconds + "s");
            assertEquals(2, server.requests.get(), "a stalled call is retried like a timeout");
            assertEquals(ErrorKind.MODEL_API, e.kind());
            assertTrue(e.getMessage().contains("no complete answer within 1.0s"), e.getMessage());
        }
    }

    @Test
    void aTricklingBodyEndsAtTheDeadlineAndItsConnectionIsClosed() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(true)) {
            HttpTransport transport = new HttpTransport(NO_WAIT, d -> { }, Duration.ofMinutes(5));
            long start = System.nanoTime();
            EvaluationException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(EvaluationException.class,
                    () -> transport.post(transport.pace(Provider.OPENAI, server.uri().toString()), server.uri(), Map.of(), JSON.createObjectNode(), Instant.now().plus(Duration.ofSeconds(1)))));
            double seconds = (System.nanoTime() - start) / 1e9;

            assertTrue(seconds < 3, "a 1 s deadline took " + seconds + "s");
            assertEquals(1, server.requests.get(), "no time was left for a second call");
            assertEquals(ErrorKind.MODEL_API, e.kind());
            assertTrue(server.hungUp.await(5, TimeUnit.SECONDS), "the abandoned exchange's connection was closed");
        }
    }

    /** Answers every request with 200 and headers promising a body, then stalls or sends one byte every 100 ms. */
    private static final class MisbehavingServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        final AtomicInteger requests = new AtomicInteger();
        final CountDownLatch hungUp = new CountDownLatch(1);
        final boolean trickle;
        final Thread acceptor;

        MisbehavingServer(boolean trickle) throws IOException {
            this.trickle = trickle;
            acceptor = new Thread(this::serve, "misbehaving-model-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1/chat/completions");
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Thread t = new Thread(() -> answer(client), "misbehaving-model-exchange");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void answer(Socket client) {
            try (client) {
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
                int length = 0;
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                in.skip(length);
                requests.incrementAndGet();
                OutputStream out = client.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < until) {
                    Thread.sleep(100);
                    if (trickle) {
                        out.write(' ');
                        out.flush();
                    }
                }
            } catch (IOException e) {
                hungUp.countDown(); // the client closed the connection under a write
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
