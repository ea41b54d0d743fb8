package dev.arena.gcp;

import dev.arena.store.GcsStore;
import com.google.api.gax.rpc.ApiException;
import com.google.api.serviceusage.v1.GetServiceRequest;
import com.google.api.serviceusage.v1.State;
import com.google.cloud.storage.StorageException;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodeTaint;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.gcp.Check.Outcome;
import dev.arena.k8s.Cluster;
import dev.arena.k8s.EvalPoolPlacement;
import dev.arena.k8s.Preflight;
import dev.arena.images.RegistryClient;
import dev.arena.sandbox.ImageRef;
import dev.arena.store.ArtifactStore;
import dev.arena.transfer.DatasetCatalog;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The chain `arena doctor` walks, in the order a fix is made: credentials, APIs, bucket,
 * cluster, eval node pool, what deploy made, the evaluator image, the datasets, their prebuilt images. Each check is
 * independent; a new one is one more entry in {@link #standard} (see {@link TaskImagesCheck}).
 */
public final class DoctorChecks {
    /** How datasets get to the bucket: the folder is positional in `arena upload`. */
    static final String UPLOAD = "arena upload DATASETS_DIR";
    private static final String AR_HOST_SUFFIX = "-docker.pkg.dev";

    private final Supplier<GcpClients> clients;
    private final SetupConfig config;
    private final Supplier<Cluster> kube;
    private final EvalPoolPlacement placement;
    private final RegistryClient registry;
    private final Supplier<DatasetCatalog> datasets;

    /**
     * @param clients  opened on first use, so missing credentials fail the first check instead of the command
     * @param kube     connected on first use, for the same reason
     * @param datasets the bucket's datasets folder as a store, opened over the clients (the CLI chooses the store)
     * @param registry looks up the prebuilt task images the dataset manifest records
     */
    public DoctorChecks(Supplier<GcpClients> clients, SetupConfig config, Supplier<Cluster> kube, EvalPoolPlacement placement,
                        Function<GcpClients, ArtifactStore> datasets, RegistryClient registry) {
        this.registry = registry;
        this.clients = once(clients, "needs Google credentials (see the credentials check)");
        Supplier<GcpClients> opened = this.clients;
        this.datasets = once(() -> new DatasetCatalog(datasets.apply(opened.get())), "needs Google credentials (see the credentials check)");
        this.kube = once(() -> {
            Cluster c = kube.get();
            c.ping();
            return c;
        }, "needs the cluster (see the cluster check)");
        this.config = config;
        this.placement = placement;
    }

    /** The value, made once; after a failure later checks say what they depend on instead of repeating it. */
    private static <T> Supplier<T> once(Supplier<T> make, String dependsOn) {
        Object[] state = new Object[1];
        return () -> {
            if (state[0] instanceof RuntimeException) {
                throw new ArenaException(ExitCode.ENVIRONMENT, "skipped: " + dependsOn);
            }
            if (state[0] == null) {
                try {
                    state[0] = make.get();
                } catch (RuntimeException e) {
                    state[0] = e;
                    throw e;
                }
            }
            @SuppressWarnings("unchecked")
            T value = (T) state[0];
            return value;
        };
    }

    /** The checks in order; the Vertex AI one only when the settings name a Vertex location. */
    public List<Check> standard() {
        List<Check> checks = new ArrayList<>(base());
        if (config.vertexLocation() != null) {
            checks.add(Check.of("pods' access to Vertex AI in " + config.vertexLocation(), this::podVertexAccess));
        }
        return List.copyOf(checks);
    }

    private List<Check> base() {
        return List.of(
                Check.of("credentials", this::credentials),
                Check.of("APIs enabled", this::apis),
                Check.of("bucket " + GcsStore.url(config.bucket()), this::bucket),
                Check.of("cluster reachable", this::clusterReachable),
                Check.of("eval node pool", this::evalPool),
                Check.of("namespace objects in " + config.namespace(), this::deployed),
                Check.of("evaluator image", this::evaluatorImage),
                Check.of("datasets uploaded", this::datasets),
                new TaskImagesCheck(datasets, registry),
                Check.of("pods' access to " + GcsStore.url(config.bucket()), this::podBucketAccess));
    }

    private Outcome credentials() {
        new PermissionCheck(clients.get()).missing(config.project(), List.of(new PermissionCheck.Needed("resourcemanager.projects.get", "roles/browser")));
        return Outcome.ok("accepted by project " + config.project() + " (" + clients.get().member() + ")");
    }

    private Outcome apis() {
        List<String> off = new ArrayList<>();
        List<String> apis = SetupService.apis(config);
        for (String api : apis) {
            try {
                State s = clients.get().serviceUsage().getService(GetServiceRequest.newBuilder()
                        .setName(config.projectPath() + "/services/" + api).build()).getState();
                if (s != State.ENABLED) {
                    off.add(api);
                }
            } catch (ApiException e) {
                throw GcpErrors.translate(e, "read the state of " + api, "roles/serviceusage.serviceUsageViewer", config.project(), clients.get().member());
            }
        }
        return off.isEmpty() ? Outcome.ok(apis.size() + " enabled")
                : Outcome.fail("not enabled: " + String.join(", ", off), "gcloud services enable " + String.join(" ", off) + " --project " + config.project());
    }

    private Outcome bucket() {
        try {
            return clients.get().storage().get(config.bucket()) != null ? Outcome.ok("exists")
                    : Outcome.fail("does not exist", "arena setup --project " + config.project() + " --bucket " + config.bucket());
        } catch (StorageException e) {
            throw GcpErrors.translate(e, "read bucket " + GcsStore.url(config.bucket()), config.project(), clients.get().member());
        }
    }

    /** The pods' account holds the conditional grants of {@link BucketAccess} and nothing unconditional in Cloud Storage. */
    private Outcome podBucketAccess() {
        com.google.cloud.Policy policy;
        try {
            policy = clients.get().storage().getIamPolicy(config.bucket(),
                    com.google.cloud.storage.Storage.BucketSourceOption.requestedPolicyVersion(BucketAccess.POLICY_VERSION));
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                return Outcome.fail("no bucket " + GcsStore.url(config.bucket()), "arena setup --project " + config.project());
            }
            throw GcpErrors.translate(e, "read the IAM policy of " + GcsStore.url(config.bucket()), config.project(), clients.get().member());
        }
        String member = BucketAccess.member(config);
        BucketAccess.Review r = BucketAccess.review(policy, config.bucket(), member);
        if (!r.broad().isEmpty()) {
            return Outcome.fail(config.serviceAccountEmail() + " holds " + String.join(", ", r.broad()) + " on the whole bucket",
                    String.join("; ", r.broad().stream().map(role -> "gcloud storage buckets remove-iam-policy-binding "
                            + GcsStore.url(config.bucket()) + " --member=" + member + " --role=" + role).toList()));
        }
        if (r.legacy()) {
            return Outcome.fail(config.serviceAccountEmail() + " holds " + BucketAccess.LEGACY_ROLE + " on the whole bucket (any pod can"
                    + " overwrite datasets and other runs' results)", "arena setup --project " + config.project() + " (replaces it with conditional grants)");
        }
        if (!r.missing().isEmpty()) {
            return Outcome.fail("missing conditional grants for " + config.serviceAccountEmail() + ": "
                    + String.join(", ", r.missing().stream().map(BucketAccess.Grant::title).toList()), "arena setup --project " + config.project());
        }
        return Outcome.ok(BucketAccess.grants(config.bucket()).size() + " conditional grants for " + config.serviceAccountEmail()
                + " (read datasets, agent tarballs, plans and results; create-only under runs/), nothing unconditional");
    }

    /** The pods' account holds roles/aiplatform.user on the project, so vertex_ai/ models need no key. */
    private Outcome podVertexAccess() {
        com.google.iam.v1.Policy policy;
        try {
            policy = clients.get().projects().getIamPolicy(com.google.iam.v1.GetIamPolicyRequest.newBuilder().setResource(config.projectPath())
                    .setOptions(com.google.iam.v1.GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3)).build());
        } catch (ApiException e) {
            throw GcpErrors.translate(e, "read the IAM policy of project " + config.project(), "roles/iam.securityReviewer",
                    config.project(), clients.get().member());
        }
        String member = BucketAccess.member(config);
        return PolicyBindings.has(policy, IamBindings.VERTEX_ROLE, member) ? Outcome.ok(IamBindings.VERTEX_ROLE + " for " + config.serviceAccountEmail())
                : Outcome.fail(config.serviceAccountEmail() + " lacks " + IamBindings.VERTEX_ROLE + " on project " + config.project(),
                "arena setup --vertex --project " + config.project());
    }

    private Outcome clusterReachable() {
        return Outcome.ok(kube.get().server());
    }

    private Outcome evalPool() {
        com.google.container.v1.Cluster cluster;
        try {
            cluster = GcpErrors.found(() -> clients.get().gke().getCluster(config.clusterPath())).orElse(null);
        } catch (ApiException e) {
            throw GcpErrors.translate(e, "read cluster " + config.cluster(), "roles/container.viewer", config.project(), clients.get().member());
        }
        if (cluster == null) {
            return Outcome.fail("no cluster " + config.cluster() + " in " + config.region(), "arena setup --project " + config.project());
        }
        for (NodePool pool : cluster.getNodePoolsList()) {
            if (carriesPlacement(pool)) {
                return pool.getAutoscaling().getEnabled()
                        ? Outcome.ok(pool.getName() + " (" + pool.getConfig().getMachineType() + ", autoscaling " + limits(pool) + ")")
                        : Outcome.fail(pool.getName() + " does not autoscale", "gcloud container node-pools update " + pool.getName()
                        + " --cluster " + config.cluster() + " --region " + config.region() + " --enable-autoscaling --total-min-nodes 0 --total-max-nodes 10");
            }
        }
        return Outcome.fail("no node pool carries the label and taint the Job template needs " + placement,
                "arena setup --project " + config.project() + " (adds the eval pool)");
    }

    /** Totals across zones when the pool was made that way (as setup does), else GKE's per-zone limits. */
    private static String limits(NodePool pool) {
        var a = pool.getAutoscaling();
        return a.getTotalMaxNodeCount() > 0 ? a.getTotalMinNodeCount() + ".." + a.getTotalMaxNodeCount() + " nodes"
                : a.getMinNodeCount() + ".." + a.getMaxNodeCount() + " nodes per zone";
    }

    private boolean carriesPlacement(NodePool pool) {
        var node = pool.getConfig();
        boolean labels = placement.labels().entrySet().stream().allMatch(e -> e.getValue().equals(node.getLabelsMap().get(e.getKey())));
        boolean taints = placement.taints().stream().allMatch(t -> node.getTaintsList().contains(NodeTaint.newBuilder()
                .setKey(t.key()).setValue(t.value()).setEffect(ClusterSpec.effect(t.effect())).build()));
        return labels && taints;
    }

    private Outcome deployed() {
        Preflight.Deployed d = new Preflight(kube.get()).deployed(SetupConfig.KUBERNETES_SERVICE_ACCOUNT);
        return Outcome.ok("image " + d.config().image() + ", API keys: " + (d.apiKeys().isEmpty() ? "none" : String.join(", ", d.apiKeys())));
    }

    private Outcome evaluatorImage() {
        String image = new Preflight(kube.get()).deployed(SetupConfig.KUBERNETES_SERVICE_ACCOUNT).config().image();
        Optional<ImageRef> parsed = artifactRegistryImage(image);
        if (parsed.isEmpty()) {
            return Outcome.ok(image + " (not in Artifact Registry: not checked)");
        }
        ImageRef ref = parsed.get();
        String location = ref.host().substring(0, ref.host().length() - AR_HOST_SUFFIX.length());
        String[] parts = ref.path().split("/", 3);
        if (parts.length < 3) {
            return Outcome.fail(image + " is not REGION-docker.pkg.dev/PROJECT/REPO/IMAGE", "arena deploy");
        }
        String repo = "projects/" + parts[0] + "/locations/" + location + "/repositories/" + parts[1];
        String pkg = parts[2];
        try {
            if (ref.digest() != null) {
                clients.get().artifactRegistry().getDockerImage(repo + "/dockerImages/" + encode(pkg) + "@" + ref.digest());
            } else {
                clients.get().artifactRegistry().getTag(repo + "/packages/" + encode(pkg) + "/tags/" + ref.tag());
            }
            return Outcome.ok(image);
        } catch (ApiException e) {
            if (GcpErrors.notFound(e)) {
                return Outcome.fail(image + " is not in the registry", "arena deploy (builds and pushes it)");
            }
            throw GcpErrors.translate(e, "look up " + image, "roles/artifactregistry.reader", config.project(), clients.get().member());
        }
    }

    private Outcome datasets() {
        DatasetCatalog catalog = datasets.get();
        Optional<Map<String, DatasetCatalog.Entry>> manifest;
        try {
            manifest = catalog.manifest();
        } catch (DatasetCatalog.UnreadableManifest e) {
            return Outcome.fail(catalog.manifestLocation() + " is not a manifest", UPLOAD + " (rewrites it)");
        } catch (ArenaException e) {
            if (e.getCause() instanceof StorageException s) { // the doctor names the role and the grant command
                throw GcpErrors.translate(s, "read " + catalog.manifestLocation(), config.project(), clients.get().member());
            }
            throw e;
        }
        if (manifest.isEmpty()) {
            return Outcome.fail("no " + catalog.manifestLocation(), UPLOAD);
        }
        int n = manifest.get().size();
        return n > 0 ? Outcome.ok(n + " in the manifest") : Outcome.fail("the manifest lists none", UPLOAD);
    }

    /** The image as Artifact Registry addresses it (a tag-less reference means Docker's {@code latest}), or empty when it is elsewhere. */
    private static Optional<ImageRef> artifactRegistryImage(String image) {
        ImageRef ref;
        try {
            ref = ImageRef.parse(image);
        } catch (ArenaException noTag) {
            try {
                ref = ImageRef.parse(image + ":latest");
            } catch (ArenaException noHost) {
                return Optional.empty();
            }
        }
        return ref.host().endsWith(AR_HOST_SUFFIX) ? Optional.of(ref) : Optional.empty();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
