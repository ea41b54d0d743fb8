package dev.arena.gcp;

import dev.arena.Sleeper;
import dev.arena.k8s.EvalPoolPlacement;
import dev.arena.k8s.Templates;
import dev.arena.testing.FakeGcsServer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The fakes, a kubeconfig and settings file in a temporary folder, and the services wired to them. */
final class SetupFixture implements AutoCloseable {
    static final String PROJECT = "proj-1";

    final FakeGcp gcp;
    final FakeGcsServer gcs;
    final GcpClients clients;
    final Path kubeconfig;
    final Path settings;
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final Sleeper sleeper = sleeps::add;
    final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    SetupFixture(Path dir) throws IOException {
        gcp = new FakeGcp();
        gcs = FakeGcsServer.start();
        clients = gcp.clients(gcs.storage());
        kubeconfig = dir.resolve("kube").resolve("config");
        settings = dir.resolve("arena").resolve("settings.json");
    }

    static SetupConfig config(boolean spot) {
        return new SetupConfig(PROJECT, "us-central1", "ide-arena-cluster", null, "ide-arena", SetupConfig.DEFAULT_REPOSITORY,
                SetupConfig.DEFAULT_SERVICE_ACCOUNT_ID, new SetupConfig.EvalPool("eval", "n2-standard-8", 0, 12, 150, spot));
    }

    SetupService setup() {
        return new SetupService(clients, EvalPoolPlacement.from(Templates.standard()), new KubeconfigWriter(kubeconfig), settings,
                sleeper, clock, log::add);
    }

    Teardown teardown() {
        return new Teardown(clients, new KubeconfigWriter(kubeconfig), settings, sleeper, clock, log::add);
    }

    List<SetupStep> run(SetupConfig c, boolean dryRun) throws InterruptedException {
        return setup().run(c, dryRun, s -> { });
    }

    /** Every state-changing request to either fake. */
    List<String> mutations() {
        List<String> all = new ArrayList<>(gcp.mutations());
        gcs.requests().stream().filter(r -> FakeGcsServer.BUCKET_MUTATIONS.contains(r.kind()) || r.kind() == FakeGcsServer.Kind.DELETE
                        || r.kind() == FakeGcsServer.Kind.INSERT)
                .forEach(r -> all.add("storage." + r.kind() + " " + r.object()));
        return all;
    }

    void clearMutations() {
        gcp.mutations.clear();
        gcs.clearRequests();
    }

    @Override
    public void close() {
        clients.close();
        gcp.close();
        gcs.close();
    }
}
