package dev.arena.k8s;

import dev.arena.sandbox.EvaluatorImageBuilder;
import dev.arena.sandbox.ImageTransfer;
import dev.arena.testing.LocalRegistry;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** deploy's image step against a real registry: built for linux/amd64, tagged by content, pushed, pullable by digest. */
@RequiresDocker
class EvaluatorImageIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void needsTheRegistry() {
        if (!LocalRegistry.installed()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but " + LocalRegistry.BINARY + " is missing (apt-get install docker-registry)");
            }
            Assumptions.abort(LocalRegistry.BINARY + " is missing");
        }
    }

    @Test
    void theImageIsBuiltForAmd64TaggedByContentAndPushed() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(dir)) {
            String repo = registry.host() + "/arena-it";
            List<String> log = new ArrayList<>();
            Map<String, String> args = Map.of("BASE_IMAGE", TestImages.baseImage());

            ImageTransfer.Published first = EvaluatorImage.publish(repo, args, dev.arena.images.RegistryCredentials::forRepository, log::add);

            String tag = first.reference().substring(first.reference().lastIndexOf(':') + 1);
            assertTrue(first.reference().startsWith(repo + "/arena:"), first.reference());
            assertTrue(tag.matches(".+-[0-9a-f]{12}"), tag);
            assertEquals(EvaluatorImageBuilder.tag(EvaluatorImage.dockerfile(), EvaluatorImage.runningJar(), dev.arena.Version.get()), tag);
            assertEquals(200, registry.get("/v2/arena-it/arena/manifests/" + tag), "the registry has the tag");
            assertNotNull(first.digestReference(), "the push reported a digest");
            String digest = first.digestReference().substring(first.digestReference().indexOf('@') + 1);
            assertEquals(200, registry.get("/v2/arena-it/arena/manifests/" + digest), "pullable by digest");
            assertTrue(log.stream().anyMatch(l -> l.contains("COPY target/arena.jar")), "build log reported: " + log);

            // as job.yaml runs it: the image's own user, a read-only root, writable /tmp and home only
            String user = docker("run", "--rm", "--read-only", "--tmpfs", "/tmp", "--tmpfs", "/home/arena:uid=10001,gid=10001",
                    "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--entrypoint", "sh", first.reference(), "-c",
                    "id -u; id -g; pwd; echo $HOME; touch /tmp/ok && touch /home/arena/ok && echo writable;"
                            + " touch /opt/arena/x 2>/dev/null || echo read-only");
            assertEquals("10001\n10001\n/home/arena\n/home/arena\nwritable\nread-only\n", user,
                    "the evaluator image runs as uid/gid 10001 (runAsUser in job.yaml)");

            ImageTransfer.Published again = EvaluatorImage.publish(repo, args, dev.arena.images.RegistryCredentials::forRepository, l -> { });
            assertEquals(first.reference(), again.reference(), "same jar and Dockerfile, same tag");
            assertEquals(first.digestReference(), again.digestReference());
        }
    }

    private static String docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "docker " + args[0] + " finished");
        return out;
    }
}
