package dev.arena.k8s;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code arena deploy}: creates or updates the namespace, the evaluator's ServiceAccount, the
 * {@code arena-config} ConfigMap, the {@code arena-api-keys} Secret and the eval pods'
 * NetworkPolicy. Reads each object first
 * and replaces it only when what arena manages differs, so a second deploy changes nothing.
 */
public final class Deployer {
    public enum Change { CREATED, UPDATED, UNCHANGED }

    public record Step(String object, Change change) {
    }

    private final Cluster cluster;
    private final Manifests manifests;

    public Deployer(Cluster cluster, Manifests manifests) {
        this.cluster = cluster;
        this.manifests = manifests;
    }

    /**
     * @param apiKeys the keys set in the environment; keys already in the Secret but not set here
     *                are kept, so deploying from a machine without them does not wipe them
     */
    public List<Step> deploy(ClusterConfig config, String googleServiceAccount, Map<String, String> apiKeys) {
        String ns = cluster.namespace();
        List<Step> steps = new ArrayList<>();
        steps.add(apply("namespace " + ns, manifests.namespace(ns), () -> cluster.core().readNamespace(ns).execute(),
                x -> cluster.core().createNamespace(x).execute(), x -> cluster.core().replaceNamespace(ns, x).execute(),
                (want, have) -> sameMeta(want.getMetadata(), have.getMetadata())));
        V1ServiceAccount sa = manifests.serviceAccount(googleServiceAccount);
        String saName = sa.getMetadata().getName();
        steps.add(apply("serviceaccount " + saName, sa, () -> cluster.core().readNamespacedServiceAccount(saName, ns).execute(),
                x -> cluster.core().createNamespacedServiceAccount(ns, x).execute(),
                x -> cluster.core().replaceNamespacedServiceAccount(saName, ns, x).execute(),
                (want, have) -> sameMeta(want.getMetadata(), have.getMetadata())));
        steps.add(apply("configmap " + ClusterConfig.NAME, manifests.configMap(config),
                () -> cluster.core().readNamespacedConfigMap(ClusterConfig.NAME, ns).execute(),
                x -> cluster.core().createNamespacedConfigMap(ns, x).execute(),
                x -> cluster.core().replaceNamespacedConfigMap(ClusterConfig.NAME, ns, x).execute(),
                (want, have) -> sameMeta(want.getMetadata(), have.getMetadata()) && Objects.equals(want.getData(), have.getData())));
        V1Secret secret = manifests.secret(apiKeys);
        steps.add(apply("secret " + Manifests.SECRET, secret, () -> cluster.core().readNamespacedSecret(Manifests.SECRET, ns).execute(),
                x -> cluster.core().createNamespacedSecret(ns, x).execute(),
                x -> cluster.core().replaceNamespacedSecret(Manifests.SECRET, ns, x).execute(),
                (want, have) -> {
                    Map<String, byte[]> merged = new LinkedHashMap<>(have.getData() == null ? Map.of() : have.getData());
                    merged.putAll(want.getData());
                    boolean same = sameMeta(want.getMetadata(), have.getMetadata()) && sameBytes(merged, have.getData());
                    want.setData(merged);
                    return same;
                }));
        V1NetworkPolicy policy = manifests.networkPolicy();
        String policyName = policy.getMetadata().getName();
        steps.add(apply("networkpolicy " + policyName, policy,
                () -> cluster.networking().readNamespacedNetworkPolicy(policyName, ns).execute(),
                x -> cluster.networking().createNamespacedNetworkPolicy(ns, x).execute(),
                x -> cluster.networking().replaceNamespacedNetworkPolicy(policyName, ns, x).execute(),
                (want, have) -> sameMeta(want.getMetadata(), have.getMetadata()) && Objects.equals(want.getSpec(), have.getSpec())));
        return steps;
    }

    private interface Call<T> {
        T run() throws ApiException;
    }

    private interface Write<T> {
        T run(T body) throws ApiException;
    }

    private interface Same<T> {
        boolean test(T want, T have);
    }

    private <T extends io.kubernetes.client.common.KubernetesObject> Step apply(String what, T want, Call<T> read, Write<T> create,
                                                                           Write<T> replace, Same<T> same) {
        try {
            T have;
            try {
                have = read.run();
            } catch (ApiException e) {
                if (!Cluster.notFound(e)) {
                    throw e;
                }
                create.run(want);
                return new Step(what, Change.CREATED);
            }
            if (same.test(want, have)) {
                return new Step(what, Change.UNCHANGED);
            }
            // replace with the read version: a concurrent change elsewhere makes this fail (409) instead of being lost
            want.getMetadata().setResourceVersion(have.getMetadata().getResourceVersion());
            want.getMetadata().setLabels(union(have.getMetadata().getLabels(), want.getMetadata().getLabels()));
            want.getMetadata().setAnnotations(union(have.getMetadata().getAnnotations(), want.getMetadata().getAnnotations()));
            replace.run(want);
            return new Step(what, Change.UPDATED);
        } catch (ApiException e) {
            throw cluster.failure("deploy " + what, e);
        }
    }

    /** Only what arena sets: its labels and annotations must be present with its values; others' are left alone. */
    private static boolean sameMeta(V1ObjectMeta want, V1ObjectMeta have) {
        return contains(have.getLabels(), want.getLabels()) && contains(have.getAnnotations(), want.getAnnotations());
    }

    private static Map<String, String> union(Map<String, String> theirs, Map<String, String> ours) {
        Map<String, String> m = new LinkedHashMap<>(theirs == null ? Map.of() : theirs);
        if (ours != null) {
            m.putAll(ours);
        }
        return m;
    }

    private static boolean contains(Map<String, String> have, Map<String, String> want) {
        return want == null || want.entrySet().stream().allMatch(e -> have != null && e.getValue().equals(have.get(e.getKey())));
    }

    private static boolean sameBytes(Map<String, byte[]> a, Map<String, byte[]> b) {
        Map<String, byte[]> bb = b == null ? Map.of() : b;
        return a.size() == bb.size() && a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), bb.get(e.getKey())));
    }
}
