package dev.arena.cli;

import dev.arena.images.PrebuiltLookup;
import dev.arena.images.RegistryClient;
import dev.arena.images.RegistryCredentials;
import dev.arena.k8s.ClusterExecutor;
import dev.arena.k8s.ClusterRunService;
import dev.arena.k8s.Templates;
import dev.arena.run.Executor;
import dev.arena.run.LocalExecutor;
import dev.arena.run.RunListener;
import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.store.ArtifactStore;
import dev.arena.store.Stores;

import java.time.Duration;

/**
 * The one place that chooses and builds an {@link Executor} with its production parts: Docker
 * sandboxes, Google registry logins, GCS for the cluster's bucket. Commands take an Executor
 * from here and never name an implementation's dependencies.
 */
final class ExecutorWiring {
    static final Duration POLL = Duration.ofSeconds(10);

    private ExecutorWiring() {
    }

    /** This machine's Docker engine, results in {@code runs}. */
    static Executor local(ArtifactStore runs, int parallel, RunListener listener, PrebuiltLookup prebuilt) {
        return new LocalExecutor(DockerSandboxProvider::connect, runs, parallel, listener, RegistryCredentials::forRepository, prebuilt);
    }

    /**
     * One Indexed Job per run in the configured cluster, results in the bucket.
     *
     * @param follow poll the run until its Job ends instead of returning once it is submitted
     */
    static Executor cluster(ClusterOptions options, String bucket, Integer parallel, boolean follow, ClusterExecutor.Listener listener) {
        RegistryClient registry = new RegistryClient(RegistryCredentials::forRepository);
        var cluster = options.connect();
        return new ClusterExecutor(cluster, new ClusterRunService(cluster, Templates.standard(), Stores::gcs, registry),
                Stores::gcs, bucket, parallel, follow ? POLL : null, listener);
    }

    /** Where `--use-prebuilt` looks for images. */
    static PrebuiltLookup prebuilt(String registry) {
        return new PrebuiltLookup(new RegistryClient(RegistryCredentials::forRepository), registry);
    }
}
