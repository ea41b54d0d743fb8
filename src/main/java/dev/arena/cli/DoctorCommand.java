package dev.arena.cli;

import dev.arena.ExitCode;
import dev.arena.config.Settings;
import dev.arena.gcp.Doctor;
import dev.arena.gcp.DoctorChecks;
import dev.arena.gcp.GcpClients;
import dev.arena.images.RegistryClient;
import dev.arena.images.RegistryCredentials;
import dev.arena.k8s.EvalPoolPlacement;
import dev.arena.k8s.Templates;
import dev.arena.store.GcsStore;
import dev.arena.store.Stores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Check the whole cluster chain, one line per check with the fix for each failure: credentials, APIs,"
                + " bucket, cluster, eval node pool, what `arena deploy` made, the evaluator image and the uploaded datasets."
                + " Exits 0 when all pass, 1 otherwise.")
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    GcpOptions gcp;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        Settings settings = Settings.load();
        var existing = gcp.existing(settings, cluster.namespace());
        // the settings name a Vertex location once `arena setup --vertex` ran: then the pods' Vertex access is checked too
        String vertexLocation = settings.get(Settings.Key.VERTEX_LOCATION, null);
        var config = vertexLocation == null ? existing : existing.withVertex(vertexLocation);
        GcpClients[] opened = new GcpClients[1];
        try {
            DoctorChecks checks = new DoctorChecks(() -> opened[0] = GcpClients.applicationDefault(config.project()), config,
                    cluster::connect, EvalPoolPlacement.from(Templates.standard()),
                    clients -> new GcsStore(clients.storage(), config.bucket(), Stores.DATASETS_PREFIX),
                    new RegistryClient(RegistryCredentials::forRepository));
            List<Doctor.Line> lines = new Doctor(checks.standard()).run(l -> System.out.println(l.text()));
            return Doctor.allOk(lines) ? ExitCode.OK.code() : ExitCode.PROBLEMS.code();
        } finally {
            if (opened[0] != null) {
                opened[0].close();
            }
        }
    }
}
