package dev.arena.gcp;

import dev.arena.ArenaException;

/**
 * Everything `arena setup` makes, by name, and the names derived from them (resource paths,
 * the registry, the kubeconfig context, the Workload Identity member). Flags, ARENA_* variables
 * and the settings file are folded into it by the command. {@code vertexLocation} is set when
 * the evaluator pods call models on Vertex AI there (`arena setup --vertex`), else null.
 */
public record SetupConfig(String project, String region, String cluster, String bucket, String namespace,
                          String repository, String serviceAccountId, EvalPool evalPool, String vertexLocation) {
    public static final String DEFAULT_REPOSITORY = "arena";
    public static final String DEFAULT_SERVICE_ACCOUNT_ID = "arena-evaluator";
    /** The Google service account the cluster's nodes run as, instead of the Compute Engine default one (project Editor). */
    public static final String NODE_SERVICE_ACCOUNT_ID = "arena-nodes";
    /** The Kubernetes ServiceAccount of the evaluator pods, as in k8s-templates/serviceaccount.yaml. */
    public static final String KUBERNETES_SERVICE_ACCOUNT = "arena-evaluator";

    /** The autoscaling node pool the tasks run on. */
    public record EvalPool(String name, String machineType, int minNodes, int maxNodes, int diskSizeGb, boolean spot) {
        public static final String NAME = "eval";
        public static final String MACHINE_TYPE = "e2-standard-8";
        public static final int MIN_NODES = 0;
        public static final int MAX_NODES = 10;
        public static final int DISK_SIZE_GB = 200;

        public static EvalPool defaults() {
            return new EvalPool(NAME, MACHINE_TYPE, MIN_NODES, MAX_NODES, DISK_SIZE_GB, false);
        }

        public EvalPool {
            if (minNodes < 0 || maxNodes < 1 || minNodes > maxNodes) {
                throw ArenaException.usage("node counts must satisfy 0 <= --min-nodes <= --max-nodes and --max-nodes >= 1 (got "
                        + minNodes + " and " + maxNodes + ")");
            }
            if (diskSizeGb < 10) {
                throw ArenaException.usage("--disk-size must be at least 10 GB (got " + diskSizeGb + ")");
            }
        }
    }

    public SetupConfig(String project, String region, String cluster, String bucket, String namespace,
                       String repository, String serviceAccountId, EvalPool evalPool) {
        this(project, region, cluster, bucket, namespace, repository, serviceAccountId, evalPool, null);
    }

    /** The same config with the pods calling Vertex AI in {@code location}. */
    public SetupConfig withVertex(String location) {
        return new SetupConfig(project, region, cluster, bucket, namespace, repository, serviceAccountId, evalPool, location);
    }

    public SetupConfig {
        if (project == null || project.isBlank()) {
            throw ArenaException.usage("no project: pass --project PROJECT_ID (or set ARENA_PROJECT)");
        }
        if (bucket == null || bucket.isBlank()) {
            bucket = defaultBucket(project);
        }
    }

    /** Stable across runs, so a second setup finds the bucket the first one made. */
    public static String defaultBucket(String project) {
        return project + "-arena";
    }

    public String projectPath() {
        return "projects/" + project;
    }

    public String locationPath() {
        return projectPath() + "/locations/" + region;
    }

    public String clusterPath() {
        return locationPath() + "/clusters/" + cluster;
    }

    public String workloadPool() {
        return project + ".svc.id.goog";
    }

    public String repositoryPath() {
        return locationPath() + "/repositories/" + repository;
    }

    /** Where images are pushed: {@code REGION-docker.pkg.dev/PROJECT/REPO}. */
    public String registry() {
        return region + "-docker.pkg.dev/" + project + "/" + repository;
    }

    public String serviceAccountEmail() {
        return serviceAccountId + "@" + project + ".iam.gserviceaccount.com";
    }

    public String serviceAccountPath() {
        return projectPath() + "/serviceAccounts/" + serviceAccountEmail();
    }

    public String nodeServiceAccountEmail() {
        return NODE_SERVICE_ACCOUNT_ID + "@" + project + ".iam.gserviceaccount.com";
    }

    public String nodeServiceAccountPath() {
        return projectPath() + "/serviceAccounts/" + nodeServiceAccountEmail();
    }

    /** The member that lets the evaluator's Kubernetes ServiceAccount act as the Google one. */
    public String workloadIdentityMember() {
        return "serviceAccount:" + workloadPool() + "[" + namespace + "/" + KUBERNETES_SERVICE_ACCOUNT + "]";
    }

    /** The kubeconfig context, named as `gcloud container clusters get-credentials` names it. */
    public String contextName() {
        return "gke_" + project + "_" + region + "_" + cluster;
    }
}
