package dev.arena.k8s;

import dev.arena.run.MetadataBlockCheck;
import dev.arena.sandbox.DockerEngine;
import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.sandbox.ExecResult;
import dev.arena.sandbox.Sandbox;
import dev.arena.sandbox.SandboxProvider;
import dev.arena.sandbox.SandboxSpec;
import dev.arena.testing.RequiresNetworkNamespaces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sidecar's script from job.yaml, run for real. A "node" network namespace holds the
 * metadata addresses (169.254.169.254, 169.254.169.252) and NodeLocal DNSCache's 169.254.20.10,
 * each with a TCP listener; a "pod" namespace is routed to it through a veth pair, as a GKE pod
 * is. Inside the pod namespace, job.yaml's script starts a plain dockerd of its own (own data
 * root, exec root, pidfile and socket; the Job's dind entrypoint swapped through ARENA_DOCKERD)
 * and adds its rules. Then: a task container on that daemon cannot connect to the metadata
 * addresses but reaches 169.254.20.10, the pod namespace itself reaches the metadata server
 * (Workload Identity), job.yaml's probe passes, and with one rule removed the probe fails and
 * that address becomes reachable (so the listeners are real and the test is not vacuous). The
 * host's daemon, its docker0 and its iptables are never touched.
 */
@RequiresNetworkNamespaces
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirewallScriptIT {
    private static final String SUFFIX = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    private static final String NODE = "arena-fwn-" + SUFFIX;
    private static final String POD = "arena-fwp-" + SUFFIX;
    private static final String IMAGE = "arena-fw-probe:" + SUFFIX;
    private static final String LISTENER = String.join("\n",
            "import select, socket, sys",
            "socks = []",
            "for a in sys.argv[1:]:",
            "    host, port = a.rsplit(':', 1)",
            "    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "    s.bind((host, int(port))); s.listen(16); socks.append(s)",
            "print('ready', flush=True)",
            "while True:",
            "    for s in select.select(socks, [], [])[0]:",
            "        c, _ = s.accept(); c.close()");

    private static Path dir;
    private static Process listener;
    private static Process sidecar;
    private static String socket;
    private static SandboxProvider provider;
    private static Sandbox task;
    private static final List<String> observed = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "afw-");
        socket = "unix://" + dir.resolve("docker.sock");
        // the node: metadata and DNS-cache addresses on its loopback, listeners on each
        run("ip", "netns", "add", NODE);
        run("ip", "netns", "add", POD);
        run("ip", "link", "add", "afn" + SUFFIX, "type", "veth", "peer", "name", "afp" + SUFFIX);
        run("ip", "link", "set", "afn" + SUFFIX, "netns", NODE);
        run("ip", "link", "set", "afp" + SUFFIX, "netns", POD);
        run("ip", "-n", NODE, "addr", "add", "10.254.0.1/30", "dev", "afn" + SUFFIX);
        run("ip", "-n", POD, "addr", "add", "10.254.0.2/30", "dev", "afp" + SUFFIX);
        for (String ns : List.of(NODE, POD)) {
            run("ip", "-n", ns, "link", "set", "lo", "up");
        }
        run("ip", "-n", NODE, "link", "set", "afn" + SUFFIX, "up");
        run("ip", "-n", POD, "link", "set", "afp" + SUFFIX, "up");
        for (String a : List.of("169.254.169.254", "169.254.169.252", "169.254.20.10")) {
            run("ip", "-n", NODE, "addr", "add", a + "/32", "dev", "lo");
        }
        run("ip", "-n", POD, "route", "add", "default", "via", "10.254.0.1");
        listener = process(List.of("nsenter", "--net=" + netns(NODE), "python3", "-c", LISTENER,
                "169.254.169.254:80", "169.254.169.252:80", "169.254.169.252:988", "169.254.20.10:53"), Map.of(), null);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", r.readLine(), "the node's listeners");
        }

        // the sidecar: job.yaml's script, a plain dockerd instead of the dind image's entrypoint
        Files.writeString(dir.resolve("daemon.json"), "{}");
        String dockerd = "dockerd --config-file=" + dir.resolve("daemon.json") + " --data-root=" + dir.resolve("data")
                + " --exec-root=" + dir.resolve("x") + " --pidfile=" + dir.resolve("dockerd.pid") + " -H " + socket;
        sidecar = process(List.of("nsenter", "--net=" + netns(POD), "/bin/sh", "-c", SidecarFirewall.fromTemplate().script()),
                Map.of("ARENA_DOCKERD", dockerd, "ARENA_FIREWALL_STATE", dir.resolve("firewall").toString()),
                dir.resolve("sidecar.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(dir.resolve("firewall")) && Files.size(dir.resolve("firewall")) > 0)) {
            assertTrue(sidecar.isAlive(), "the sidecar script ended: " + log());
            assertTrue(System.nanoTime() < deadline, "no firewall after 60s: " + log());
            Thread.sleep(100);
        }
        observed.add("backend: " + Files.readString(dir.resolve("firewall")).strip());
        observed.add("DOCKER-USER: " + run("nsenter", "--net=" + netns(POD), "iptables", "-S", "DOCKER-USER").output().strip()
                .replace("\n", " | "));

        // a tiny task image made from this machine's bash, sh, tail and timeout (no registry here)
        Path root = dir.resolve("rootfs");
        Set<String> files = new LinkedHashSet<>();
        for (String bin : List.of("/bin/bash", "/bin/sh", "/usr/bin/tail", "/usr/bin/timeout")) {
            files.add(bin);
            for (String line : run("ldd", bin).stdout().split("\n")) {
                String[] parts = line.strip().split("\\s+");
                for (String p : parts) {
                    if (p.startsWith("/")) {
                        files.add(p);
                    }
                }
            }
        }
        for (String f : files) {
            Path target = root.resolve(f.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(f), target); // follows links: the real file under the linked name
        }
        Files.createDirectories(root.resolve("app"));
        Files.createDirectories(root.resolve("tmp"));
        run("sh", "-c", "tar -C '" + root + "' -c . | docker -H " + socket + " import - " + IMAGE);

        provider = new DockerSandboxProvider(DockerEngine.at(socket));
        task = provider.start(spec("task"));
    }

    @Test
    @Order(1)
    void theScriptPutsTheRulesInTheBackendTheDaemonUses() {
        System.out.println("FirewallScriptIT " + String.join("; ", observed));
        assertEquals(0, probe().exitCode(), "job.yaml's startup/readiness probe passes: " + probe().output());
        Cmd rules = run("nsenter", "--net=" + netns(POD), "iptables", "-S", "DOCKER-USER");
        assertTrue(rules.stdout().contains("-A DOCKER-USER -d 169.254.169.254/32 -j DROP"), rules.stdout());
        assertTrue(rules.stdout().contains("-A DOCKER-USER -d 169.254.169.252/32 -j DROP"), rules.stdout());
    }

    @Test
    @Order(2)
    void aTaskContainerCannotReachTheMetadataServer() throws Exception {
        long start = System.nanoTime();
        List<String> open = MetadataBlockCheck.reachable(task);
        System.out.printf("FirewallScriptIT check in a task container: reachable %s (%.1fs)%n", open, (System.nanoTime() - start) / 1e9);
        assertEquals(List.of(), open);
        for (String t : MetadataBlockCheck.TARGETS) {
            assertNotEquals(0, connect(t).exitCode(), t);
        }
    }

    @Test
    @Order(3)
    void theGuardedProviderStartsTheAgentsSandbox() {
        try (Sandbox s = MetadataBlockCheck.guard(provider).start(spec("guarded"))) {
            assertTrue(s != null);
        }
    }

    @Test
    @Order(4)
    void aTaskContainerStillReachesNodeLocalDnsCache() throws Exception {
        ExecResult r = connect("169.254.20.10:53");
        System.out.println("FirewallScriptIT task container -> 169.254.20.10:53 exit " + r.exitCode());
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    @Order(5)
    void thePodItselfReachesTheMetadataServer() {
        for (String t : MetadataBlockCheck.TARGETS) {
            String[] hp = t.split(":");
            Cmd r = run(false, "nsenter", "--net=" + netns(POD), "timeout", "3", "bash", "-c", "exec 3<>/dev/tcp/" + hp[0] + "/" + hp[1]);
            System.out.println("FirewallScriptIT pod namespace -> " + t + " exit " + r.exitCode());
            assertEquals(0, r.exitCode(), t + ": " + r.output());
        }
    }

    @Test
    @Order(6)
    void withoutOneRuleTheProbeFailsAndTheAddressIsReachable() throws Exception {
        String backend = Files.readString(dir.resolve("firewall")).strip().split("\\s+")[0];
        run("nsenter", "--net=" + netns(POD), backend, "-D", "DOCKER-USER", "-d", "169.254.169.252/32", "-j", "DROP");

        assertNotEquals(0, probe().exitCode(), "the sidecar is no longer ready");
        List<String> open = MetadataBlockCheck.reachable(task);
        System.out.println("FirewallScriptIT without the .252 rule: reachable " + open);
        assertEquals(List.of("169.254.169.252:80", "169.254.169.252:988"), open.stream().sorted().toList());
    }

    @AfterAll
    static void tearDown() throws Exception {
        List<String> problems = new ArrayList<>();
        if (task != null) {
            quietly(problems, task::close);
        }
        if (provider != null) {
            quietly(problems, provider::close);
        }
        if (dir != null && Files.exists(dir.resolve("dockerd.pid"))) {
            long pid = Long.parseLong(Files.readString(dir.resolve("dockerd.pid")).strip());
            run(false, "docker", "-H", socket, "rmi", "-f", IMAGE);
            java.util.Optional<ProcessHandle> daemon = ProcessHandle.of(pid);
            daemon.ifPresent(ProcessHandle::destroy);
            for (int i = 0; i < 150 && daemon.map(ProcessHandle::isAlive).orElse(false); i++) {
                Thread.sleep(100);
            }
            daemon.ifPresent(ProcessHandle::destroyForcibly);
        }
        if (sidecar != null) {
            sidecar.destroy();
            if (!sidecar.waitFor(10, TimeUnit.SECONDS)) {
                sidecar.destroyForcibly();
            }
        }
        if (listener != null) {
            listener.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (String ns : List.of(POD, NODE)) {
            run(false, "ip", "netns", "delete", ns); // takes the veth pair and the daemon's bridge with it
        }
        if (dir != null) {
            // whatever the daemon left mounted under its folders, then the folders
            run(false, "sh", "-c", "grep -o ' " + dir + "[^ ]*' /proc/self/mounts | sort -r | xargs -r -n1 umount -l");
            Cmd rm = run(false, "rm", "-rf", dir.toString());
            if (rm.exitCode() != 0) {
                problems.add(rm.output());
            }
        }
        assertEquals(List.of(), problems, "cleanup");
    }

    private static SandboxSpec spec(String name) {
        return new SandboxSpec(IMAGE, "afw-" + SUFFIX + "-" + name, 256L << 20, 1.0, "bridge", Map.of("arena/test", "fw-" + SUFFIX));
    }

    /** job.yaml's probe, against this daemon's socket and state file. */
    private static Cmd probe() {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + netns(POD)));
        cmd.addAll(SidecarFirewall.fromTemplate().startupProbe());
        return run(false, Map.of("ARENA_DOCKER_HOST", socket, "ARENA_FIREWALL_STATE", dir.resolve("firewall").toString()),
                cmd.toArray(String[]::new));
    }

    private static ExecResult connect(String target) throws InterruptedException {
        String[] hp = target.split(":");
        return task.exec("timeout 3 bash -c 'exec 3<>/dev/tcp/" + hp[0] + "/" + hp[1] + "'", Duration.ofSeconds(10));
    }

    private static String netns(String name) {
        return "/var/run/netns/" + name;
    }

    private static String log() {
        try {
            return Files.readString(dir.resolve("sidecar.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(List<String> problems, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            problems.add(e.toString());
        }
    }

    record Cmd(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    private static Cmd run(String... cmd) {
        return run(true, cmd);
    }

    private static Cmd run(boolean check, String... cmd) {
        return run(check, Map.of(), cmd);
    }

    private static Cmd run(boolean check, Map<String, String> env, String... cmd) {
        try {
            Path out = Files.createTempFile("afw-out", ".txt");
            Path err = Files.createTempFile("afw-err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().putAll(env);
                pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
                Process p = pb.start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out: " + String.join(" ", cmd));
                }
                Cmd r = new Cmd(p.exitValue(), Files.readString(out), Files.readString(err));
                if (check && r.exitCode() != 0) {
                    throw new AssertionError(String.join(" ", cmd) + " exited " + r.exitCode() + ": " + r.output());
                }
                return r;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Process process(List<String> cmd, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
        if (log != null) {
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
        } else {
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        return pb.start();
    }
}
