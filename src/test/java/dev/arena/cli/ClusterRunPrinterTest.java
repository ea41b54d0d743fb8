package dev.arena.cli;

import dev.arena.agent.cli.AgentTarball;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The lines a cluster run prints while a CLI agent's tarballs go to the bucket: one per tarball. */
class ClusterRunPrinterTest {
    @Test
    void eachTarballGetsOneLineSayingWhetherItIsUploadedOrAlreadyThere() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ClusterRunPrinter printer = new ClusterRunPrinter(new PrintStream(err, true, StandardCharsets.UTF_8), "", false);
        AgentTarball glibc = new AgentTarball("@anthropic-ai/claude-code-linux-x64", "2.1.332", "sha512-AAAA");
        AgentTarball musl = new AgentTarball("@anthropic-ai/claude-code-linux-x64-musl", "2.1.332", "sha512-BBBB");

        printer.uploading(glibc, 432_013_312L, "gs://b/agents/@anthropic-ai+claude-code-linux-x64/2.1.332/sha512-abc.tgz");
        printer.alreadyThere(musl, 431_000_000L, "gs://b/agents/@anthropic-ai+claude-code-linux-x64-musl/2.1.332/sha512-def.tgz");

        assertEquals(List.of(
                "uploading @anthropic-ai/claude-code-linux-x64@2.1.332 (412.0 MiB) to gs://b/agents/@anthropic-ai+claude-code-linux-x64/2.1.332/sha512-abc.tgz",
                "@anthropic-ai/claude-code-linux-x64-musl@2.1.332 (411.0 MiB) already in the bucket at"
                        + " gs://b/agents/@anthropic-ai+claude-code-linux-x64-musl/2.1.332/sha512-def.tgz"),
                err.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
