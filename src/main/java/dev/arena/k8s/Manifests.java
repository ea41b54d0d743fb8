package dev.arena.k8s;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects {@code arena deploy} makes, from their templates with the deploy-specific fields
 * set, and the checks a real API server would make that the test server does not.
 */
public final class Manifests {
    public static final String SECRET = "arena-api-keys";
    public static final String WORKLOAD_IDENTITY = "iam.gke.io/gcp-service-account";
    public static final String NETWORK_POLICY = "arena-eval-pods";

    private final Templates templates;

    public Manifests(Templates templates) {
        this.templates = templates;
    }

    public V1Namespace namespace(String name) {
        V1Namespace ns = templates.load("namespace.yaml", V1Namespace.class);
        ns.getMetadata().setName(name);
        return ns;
    }

    /** @param googleServiceAccount the Google identity pods act as, or null without Workload Identity */
    public V1ServiceAccount serviceAccount(String googleServiceAccount) {
        V1ServiceAccount sa = templates.load("serviceaccount.yaml", V1ServiceAccount.class);
        if (googleServiceAccount != null) {
            sa.getMetadata().putAnnotationsItem(WORKLOAD_IDENTITY, googleServiceAccount);
        }
        return sa;
    }

    public V1ConfigMap configMap(ClusterConfig config) {
        V1ConfigMap cm = templates.load("configmap.yaml", V1ConfigMap.class);
        cm.getMetadata().setName(ClusterConfig.NAME);
        cm.setData(config.toData());
        return cm;
    }

    /** What the eval pods may reach: {@code networkpolicy.yaml} as written, with arena's name. */
    public V1NetworkPolicy networkPolicy() {
        V1NetworkPolicy p = templates.load("networkpolicy.yaml", V1NetworkPolicy.class);
        p.getMetadata().setName(NETWORK_POLICY);
        return p;
    }

    /** Only the keys that are set: a placeholder would pass preflight and fail every task. */
    public V1Secret secret(Map<String, String> apiKeys) {
        V1Secret s = templates.load("secret.yaml", V1Secret.class);
        s.getMetadata().setName(SECRET);
        Map<String, byte[]> data = new TreeMap<>();
        apiKeys.forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        s.setData(data);
        return s;
    }

    /** Fails on a name or label a real API server would reject; the mock server accepts anything. */
    public static void check(V1Job job) {
        check(job.getMetadata());
        check(job.getSpec().getTemplate().getMetadata());
    }

    static void check(V1ObjectMeta meta) {
        if (meta.getName() != null && !KubeNames.isDnsName(meta.getName(), KubeNames.NAME_MAX)) {
            throw new IllegalStateException("invalid object name " + meta.getName());
        }
        if (meta.getLabels() != null) {
            meta.getLabels().forEach((k, v) -> {
                if (!KubeNames.isLabelValue(v)) {
                    throw new IllegalStateException("invalid value of label " + k + ": " + v);
                }
            });
        }
    }
}
