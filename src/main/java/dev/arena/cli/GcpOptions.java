package dev.arena.cli;

import dev.arena.config.Settings;
import dev.arena.config.Settings.Key;
import dev.arena.gcp.SetupConfig;
import picocli.CommandLine.Option;

/**
 * Which Google Cloud project, region, cluster and bucket: each from its flag, its ARENA_*
 * variable, the settings file `arena setup` writes, then the default.
 */
final class GcpOptions {
    @Option(names = "--project", paramLabel = "ID", description = "Google Cloud project (default: $ARENA_PROJECT, then the settings file).")
    String project;

    @Option(names = "--region", paramLabel = "REGION", description = "Region of the cluster, bucket and repository (default: $ARENA_REGION, the settings file, then us-central1).")
    String region;

    @Option(names = "--cluster", paramLabel = "NAME", description = "GKE cluster name (default: $ARENA_CLUSTER, the settings file, then ide-arena-cluster).")
    String cluster;

    @Option(names = "--bucket", paramLabel = "NAME", description = "Bucket of runs and datasets (default: $" + Settings.BUCKET_ENV + ", the settings file, then PROJECT-arena).")
    String bucket;

    /** The config with the given namespace, repository, service account id and eval pool. */
    SetupConfig config(Settings s, String namespace, String repository, String serviceAccountId, SetupConfig.EvalPool pool) {
        String p = s.get(Key.PROJECT, project);
        // another project's bucket in the settings file must not leak into this project's setup
        String b = project != null && !project.equals(s.stored().get(Key.PROJECT)) && bucket == null
                && s.resolve(Key.BUCKET, null).source() == Settings.Source.FILE ? null : s.get(Key.BUCKET, bucket);
        return new SetupConfig(p, s.get(Key.REGION, region), s.get(Key.CLUSTER, cluster), b, namespace, repository, serviceAccountId, pool);
    }

    /** The config of what an earlier setup made, as the settings file records it. */
    SetupConfig existing(Settings s, String namespace) {
        String registry = s.get(Key.REGISTRY, null);
        String repository = registry == null ? SetupConfig.DEFAULT_REPOSITORY : registry.substring(registry.lastIndexOf('/') + 1);
        String email = s.get(Key.SERVICE_ACCOUNT, null);
        String account = email == null ? SetupConfig.DEFAULT_SERVICE_ACCOUNT_ID : email.substring(0, email.indexOf('@') < 0 ? email.length() : email.indexOf('@'));
        return config(s, namespace, repository, account, SetupConfig.EvalPool.defaults());
    }
}
