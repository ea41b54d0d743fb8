package dev.arena.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The host's INPUT rules for one internal network's bridge. Docker's internal mode filters only
 * forwarded traffic; packets for the host's own addresses (its main IP, docker0, other bridges) go
 * through INPUT, so without these a sandbox reaches every host service bound to them. The rules
 * live in a chain {@code ARENA-<network id>} that INPUT jumps to for the bridge: replies to the
 * host's own connections pass, the ports {@link #allowTcp} opened on the gateway address pass, the
 * rest is dropped. They go into the iptables backends whose FORWARD chain jumps to DOCKER-USER
 * (the daemon's, found as the pod's firewall script finds them), else plain {@code iptables}.
 */
final class HostFirewall {
    private static final String PREFIX = "ARENA-";

    private final List<String> backends;
    private final String bridge;
    private final String chain;
    private final String gateway;

    private HostFirewall(List<String> backends, String bridge, String gateway) {
        this.backends = backends;
        this.bridge = bridge;
        this.chain = chainOf(bridge);
        this.gateway = gateway;
    }

    /** Why the rules cannot be set for {@code bridge} here, or empty when they can. */
    static Optional<String> unavailable(String bridge) {
        if (!isRoot()) {
            return Optional.of("arena is not root");
        }
        if (!Files.exists(Path.of("/sys/class/net", bridge))) {
            return Optional.of("its bridge " + bridge + " is not in arena's network namespace (a remote Docker engine?)");
        }
        return Optional.empty();
    }

    /** Sets the rules; throws {@link SandboxException} (having removed what it added) when a command fails. */
    static HostFirewall install(String bridge, String gateway) {
        HostFirewall f = new HostFirewall(backends(), bridge, gateway);
        try {
            for (String b : f.backends) {
                run(b, "-N", f.chain);
                run(b, "-A", f.chain, "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT");
                run(b, "-A", f.chain, "-j", "DROP");
                run(b, "-I", "INPUT", "1", "-i", bridge, "-j", f.chain);
            }
        } catch (SandboxException e) {
            f.remove();
            throw e;
        }
        return f;
    }

    void allowTcp(int port) {
        for (String b : backends) {
            run(b, "-I", chain, "1", "-d", gateway + "/32", "-p", "tcp", "--dport", Integer.toString(port), "-j", "ACCEPT");
        }
    }

    /** Removes the rules; nothing happens for those already gone. */
    void remove() {
        removeFor(bridge);
    }

    /** Removes the rules of {@code bridge} in every backend (a crashed run's leftovers too). */
    static void removeFor(String bridge) {
        if (!isRoot()) {
            return; // none were set
        }
        String chain = chainOf(bridge);
        for (String b : allBackends()) {
            while (quiet(b, "-D", "INPUT", "-i", bridge, "-j", chain)) {
                // a rule added twice goes twice
            }
            quiet(b, "-F", chain);
            quiet(b, "-X", chain);
        }
    }

    /** Whether {@code bridge}'s chain exists in some backend: for tests and cleanup checks. */
    static boolean present(String bridge) {
        for (String b : allBackends()) {
            if (quiet(b, "-S", chainOf(bridge))) {
                return true;
            }
        }
        return false;
    }

    static String chainOf(String bridge) {
        return PREFIX + bridge.replaceFirst("^br-", "");
    }

    private static List<String> backends() {
        List<String> found = new ArrayList<>();
        for (String b : allBackends()) {
            Result r = exec(b, "-S", "FORWARD");
            if (r.exitCode == 0 && r.output.contains("-j DOCKER-USER")) {
                found.add(b);
            }
        }
        return found.isEmpty() ? List.of("iptables") : found;
    }

    /** One binary per kind (nft, legacy) found on the PATH; legacy only when it has a filter table, so looking creates none. */
    private static List<String> allBackends() {
        Set<String> kinds = new LinkedHashSet<>();
        List<String> found = new ArrayList<>();
        for (String b : List.of("iptables-nft", "iptables-legacy", "iptables")) {
            Result version = exec(List.of(b, "--version"));
            if (version.exitCode != 0) {
                continue;
            }
            String kind = version.output.contains("nf_tables") ? "nft" : "legacy";
            if (kind.equals("legacy") && !legacyInUse()) {
                continue;
            }
            if (kinds.add(kind)) {
                found.add(b);
            }
        }
        return found;
    }

    private static boolean legacyInUse() {
        try {
            return Files.readAllLines(Path.of("/proc/net/ip_tables_names")).contains("filter");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // real, effective, saved, fs: the effective one
                }
            }
        } catch (IOException e) {
            // not Linux: no iptables either
        }
        return false;
    }

    private static void run(String backend, String... args) {
        Result r = exec(backend, args);
        if (r.exitCode != 0) {
            throw new SandboxException("cannot set the host firewall for an internal network: " + backend + " "
                    + String.join(" ", args) + " failed: " + r.output.strip(), null);
        }
    }

    private static boolean quiet(String backend, String... args) {
        return exec(backend, args).exitCode == 0;
    }

    private record Result(int exitCode, String output) {
    }

    /** {@code backend -w 5 args...}: waits up to 5 s for the xtables lock that parallel attempts share. */
    private static Result exec(String backend, String... args) {
        List<String> command = new ArrayList<>(List.of(backend, "-w", "5"));
        command.addAll(List.of(args));
        return exec(command);
    }

    private static Result exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
