package dev.arena.eval;

import dev.arena.Labels;
import dev.arena.agent.Agent;
import dev.arena.agent.AgentContext;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.result.AgentUsage;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.sandbox.DockerEngine;
import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.store.LocalStore;
import dev.arena.testing.Fixtures;
import dev.arena.testing.Requirement;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --network internal} through {@link TaskEvaluator} on the real engine: the agent's
 * container is on a network of the attempt's own (labelled with the run, so a resume's cleanup
 * would find it), not on the default bridge, cannot reach a host listener on docker0's address,
 * still gets its fix graded, and the network is gone when the attempt ends.
 */
@RequiresDocker
class InternalNetworkEvalIT {
    @TempDir
    static Path root;
    static DockerEngine engine;
    static Dataset dataset;

    @BeforeAll
    static void setUp() {
        engine = DockerEngine.connect();
        Path dir = Fixtures.valueDataset(root, "netmode", "t1");
        dataset = DatasetLoader.load(dir);
    }

    @AfterAll
    static void tearDown() {
        engine.close();
    }

    @Test
    void theAgentWorksAloneOnANetworkOfItsOwnThatGoesWithTheAttempt() throws Exception {
        // the host's addresses are blocked only by the firewall arena sets as root
        Requirement.check(java.nio.file.Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.matches("Uid:\\s+\\d+\\s+0\\s.*")) ? null : "not root: no host firewall");
        InetAddress docker0 = NetworkInterface.getByName("docker0").inetAddresses()
                .filter(a -> a instanceof Inet4Address).findFirst().orElseThrow();
        String runId = "internal-" + Long.toHexString(System.nanoTime());
        try (ServerSocket listener = new ServerSocket(0, 50, docker0)) {
            Thread greeter = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket c = listener.accept(); OutputStream out = c.getOutputStream()) {
                        out.write("hello".getBytes(StandardCharsets.US_ASCII));
                    } catch (java.io.IOException e) {
                        // closed at the end
                    }
                }
            });
            greeter.setDaemon(true);
            greeter.start();
            String probe = "timeout 3 bash -c 'exec 3<>/dev/tcp/" + docker0.getHostAddress() + "/" + listener.getLocalPort()
                    + "; head -c 5 <&3' 2>/dev/null | grep -q hello && echo open || echo closed";

            String[] seen = new String[3];
            Agent agent = new Agent() {
                @Override
                public String name() {
                    return "fixer";
                }

                @Override
                public AgentUsage solve(AgentContext ctx) throws InterruptedException {
                    seen[0] = ctx.sandbox().exec("hostname -I", Duration.ofSeconds(10)).stdout().strip();
                    seen[1] = ctx.sandbox().exec(probe, Duration.ofSeconds(20)).stdout().strip();
                    seen[2] = String.join(",", engine.networkIds(Labels.ofRun(runId)));
                    ctx.sandbox().exec("echo fixed > value.txt", Duration.ofSeconds(10));
                    return AgentUsage.NONE;
                }
            };
            EvalSettings b = TestImages.settings("fixer", Duration.ofMinutes(2));
            EvalSettings internal = b.toBuilder().network("internal").build();
            TaskResult result = new TaskEvaluator(new DockerSandboxProvider(engine), internal, new LocalStore(root.resolve("runs")))
                    .evaluate(new Attempt(runId, dataset, dataset.tasks().get(0), 1, 1), agent, runId + "/");

            assertEquals(Verdict.PASSED, result.verdict(), result.toString());
            assertNotNull(seen[2]);
            assertEquals(1, List.of(seen[2].split(",")).size(), "one network for the attempt, labelled with the run: " + seen[2]);
            assertFalse(seen[2].isEmpty(), "one network for the attempt, labelled with the run");
            assertFalse(seen[0].startsWith("172.17."), "not on the default bridge: " + seen[0]);
            assertEquals("closed", seen[1], "a host listener on docker0's address");
            assertTrue(engine.networkIds(Labels.ofRun(runId)).isEmpty(), "the network is removed with the attempt");
        }
    }
}
