package dev.arena.k8s;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What job.yaml's sidecar says about the metadata block, as text; FirewallScriptIT runs the same
 * script and probe against a real daemon in network namespaces.
 */
class SidecarFirewallTest {
    private final SidecarFirewall fw = SidecarFirewall.fromTemplate();

    @Test
    void theScriptDropsBothMetadataAddressesInDockerUserAfterTheDaemonMadeItsChains() {
        String s = fw.script();
        for (String cidr : SidecarFirewall.METADATA) {
            assertTrue(s.contains(cidr), cidr + " in " + s);
        }
        assertTrue(s.contains("for ip in 169.254.169.254/32 169.254.169.252/32; do"), s);
        int daemon = s.indexOf("$dockerd_cmd &");
        int detect = s.indexOf("found=$(backends)");
        int insert = s.indexOf("-I DOCKER-USER -d \"$ip\" -j DROP");
        assertTrue(daemon > 0 && detect > daemon && insert > detect,
                "daemon first, then the backend whose FORWARD jumps to DOCKER-USER, then the rules: " + s);
        assertTrue(s.contains("grep -q -- '-j DOCKER-USER'"), "the backend is the one the daemon's FORWARD chain uses");
        assertTrue(s.contains("for b in iptables-nft iptables-legacy iptables; do"), s);
        assertTrue(s.contains("|| fail \"cannot add the DROP rule"), "no daemon without its rules");
        assertTrue(s.contains("dockerd-entrypoint.sh dockerd --host=tcp://127.0.0.1:2375 --tls=false"), s);
    }

    @Test
    void dnsThroughNodeLocalDnsCacheIsNotBlocked() {
        String all = fw.script() + fw.probeScript();
        assertFalse(all.contains("169.254.0.0/16"), "the link-local range stays open: NodeLocal DNSCache is 169.254.20.10");
        assertFalse(all.contains("169.254.20.10/"), all);
    }

    @Test
    void bothProbesPassOnlyWhileTheDaemonAnswersAndBothRulesExist() {
        assertEquals(fw.startupProbe(), fw.readinessProbe(), "one check for start and readiness");
        String p = fw.probeScript();
        assertTrue(p.startsWith("set -eu"), p);
        assertTrue(p.contains("docker -H \"${ARENA_DOCKER_HOST:-tcp://127.0.0.1:2375}\" version"), p);
        for (String cidr : SidecarFirewall.METADATA) {
            assertTrue(p.contains("\"$b\" -w 5 -C DOCKER-USER -d " + cidr + " -j DROP"), cidr + " in " + p);
        }
        assertTrue(p.contains("test -s \"$state\""), "no backend recorded: not ready");
        assertEquals(60, fw.sidecar().getStartupProbe().getFailureThreshold());
    }
}
