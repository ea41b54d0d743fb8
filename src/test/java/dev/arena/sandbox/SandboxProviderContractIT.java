package dev.arena.sandbox;

import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

/**
 * The {@link SandboxProviderContract} on {@link DockerSandboxProvider} and the local engine: one
 * small image ({@code FROM} the local base image plus a nonce file, removed afterwards) and one
 * container per case, all removed by label afterwards. The fake's half is
 * {@link SandboxProviderContractTest}.
 */
@RequiresDocker
class SandboxProviderContractIT extends SandboxProviderContract {
    @Override
    protected SandboxProvider open() {
        return DockerSandboxProvider.connect();
    }

    /** The Dockerfile of {@code source} fails by itself. */
    @Override
    protected SandboxProvider failingBuilds(SandboxProvider provider, ImageSource source) {
        return provider;
    }

    @Override
    protected String baseImage() {
        return TestImages.baseImage();
    }

    /** The provider has no call to remove an image; the contract image holds a nonce, so drop it here. */
    @AfterAll
    void removeTheContractImage() throws Exception {
        String tag = builtImage();
        if (tag != null) {
            Process rmi = new ProcessBuilder("docker", "rmi", "-f", tag).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!rmi.waitFor(60, TimeUnit.SECONDS)) {
                rmi.destroyForcibly();
            }
        }
    }
}
