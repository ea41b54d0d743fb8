package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.agent.ApiKeys;
import dev.arena.images.RegistryClient;
import dev.arena.run.RunPlan;
import dev.arena.transfer.DatasetCatalog;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Secret;

import java.util.List;
import java.util.Set;

/**
 * What must be true before a run is submitted, checked in the order an operator fixes it, each
 * failure one error that says what to do: the cluster answers, `arena deploy` made its objects,
 * `arena upload` put the datasets in the bucket, and the secret holds the model's API key.
 */
public final class Preflight {
    private final Cluster cluster;

    public Preflight(Cluster cluster) {
        this.cluster = cluster;
    }

    /** What deploy left in the cluster: the settings and the names of the keys in the secret. */
    public record Deployed(ClusterConfig config, Set<String> apiKeys) {
    }

    public Deployed deployed(String serviceAccount) {
        String ns = cluster.namespace();
        try {
            cluster.core().readNamespace(ns).execute();
        } catch (ApiException e) {
            throw missingOr(e, "namespace " + ns, "read namespace " + ns);
        }
        V1ConfigMap config;
        V1Secret secret;
        try {
            config = cluster.core().readNamespacedConfigMap(ClusterConfig.NAME, ns).execute();
        } catch (ApiException e) {
            throw missingOr(e, "ConfigMap " + ClusterConfig.NAME + " in namespace " + ns, "read the ConfigMap");
        }
        try {
            secret = cluster.core().readNamespacedSecret(Manifests.SECRET, ns).execute();
        } catch (ApiException e) {
            throw missingOr(e, "Secret " + Manifests.SECRET + " in namespace " + ns, "read the Secret");
        }
        try {
            cluster.core().readNamespacedServiceAccount(serviceAccount, ns).execute();
        } catch (ApiException e) {
            throw missingOr(e, "ServiceAccount " + serviceAccount + " in namespace " + ns, "read the ServiceAccount");
        }
        Set<String> keys = secret.getData() == null ? Set.of() : secret.getData().keySet();
        return new Deployed(ClusterConfig.fromData(config.getData()), Set.copyOf(keys));
    }

    static void datasets(RunPlan plan, DatasetCatalog datasets) {
        for (RunPlan.DatasetRef d : plan.datasets()) {
            if (!datasets.has(d.name())) {
                throw new ArenaException(ExitCode.USAGE, "dataset " + d.name() + " is not in "
                        + datasets.locate(d.name()) + "; run `arena upload --datasets " + d.name() + "` first");
            }
        }
    }

    /** Every image the plan pins must be in its registry before a pod starts: all missing ones in one error. */
    static void images(RunPlan plan, RegistryClient registry) {
        List<String> missing = registry.missing(plan.pinnedImages());
        if (!missing.isEmpty()) {
            throw new ArenaException(ExitCode.USAGE, "prebuilt image(s) missing from the registry: " + String.join(", ", missing)
                    + "; run `arena upload --build-images` again");
        }
    }

    static void apiKey(String model, Set<String> keysInSecret) {
        ApiKeys.forModel(model).filter(k -> !keysInSecret.contains(k)).ifPresent(k -> {
            throw new ArenaException(ExitCode.USAGE, "model " + model + " needs " + k + ", which is not in Secret "
                    + Manifests.SECRET + "; export " + k + " and run `arena deploy` again");
        });
    }

    private ArenaException missingOr(ApiException e, String what, String action) {
        if (Cluster.notFound(e)) {
            return new ArenaException(ExitCode.ENVIRONMENT, what + " does not exist; run `arena deploy` first");
        }
        return cluster.failure(action, e);
    }
}
