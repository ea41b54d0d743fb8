package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DeployModelBaseUrlTest {
    @Test
    void httpAndHttpsUrlsAreKeptWithoutTrailingSlashesAndAnythingElseIsRefused() {
        assertEquals(List.of("https://proxy.example/v1", "http://10.0.0.5:8000"),
                DeployCommand.allowedModelBaseUrls(List.of("https://proxy.example/v1/", "http://10.0.0.5:8000")));
        assertEquals(List.of(), DeployCommand.allowedModelBaseUrls(List.of()));
        for (String bad : List.of("file:///etc/passwd", "proxy.example", "https://a.example,https://b.example")) {
            ArenaException e = assertThrows(ArenaException.class, () -> DeployCommand.allowedModelBaseUrls(List.of(bad)));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertEquals("--model-base-url must be an http or https URL, not '" + bad + "'", e.getMessage());
        }
    }
}
