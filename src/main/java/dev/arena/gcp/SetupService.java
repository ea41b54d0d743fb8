package dev.arena.gcp;

import dev.arena.store.GcsStore;
import dev.arena.Sleeper;
import com.google.api.gax.rpc.ApiException;
import com.google.api.serviceusage.v1.BatchEnableServicesRequest;
import com.google.api.serviceusage.v1.GetServiceRequest;
import com.google.api.serviceusage.v1.State;
import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.StorageException;
import com.google.devtools.artifactregistry.v1.CreateRepositoryRequest;
import com.google.devtools.artifactregistry.v1.Repository;
import com.google.iam.admin.v1.CreateServiceAccountRequest;
import com.google.iam.admin.v1.ServiceAccount;
import dev.arena.config.Settings;
import dev.arena.gcp.SetupStep.Status;
import dev.arena.k8s.EvalPoolPlacement;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * `arena setup`: everything the other commands need in a Google Cloud project, in the order
 * that avoids the original script's failures. Permissions are checked before anything changes;
 * each step reads first and creates only what is missing, so a second run changes nothing; a
 * resource that exists with another configuration is reported as "differs", never altered.
 * With {@code dryRun} only reads are made and the steps say what would happen.
 */
public final class SetupService {
    /** The APIs setup and the other commands call. */
    public static final List<String> APIS = List.of("container.googleapis.com", "storage.googleapis.com",
            "artifactregistry.googleapis.com", "iam.googleapis.com", "cloudresourcemanager.googleapis.com");

    /** The API of Vertex AI, enabled only by `arena setup --vertex`. */
    public static final String VERTEX_API = "aiplatform.googleapis.com";

    private static final String UNIFORM_OFF = "uniform bucket-level access is off";

    private final GcpClients clients;
    private final KubeconfigWriter kubeconfig;
    private final Path settingsFile;
    private final ClusterSetup cluster;
    private final OperationWaiter waiter;
    private final IamBindings bindings;
    private final FreshApiRetry freshApi;
    private final Consumer<String> log;

    public SetupService(GcpClients clients, EvalPoolPlacement placement, KubeconfigWriter kubeconfig, Path settingsFile,
                        Sleeper sleeper, Clock clock, Consumer<String> log) {
        this.clients = clients;
        this.kubeconfig = kubeconfig;
        this.settingsFile = settingsFile;
        this.cluster = new ClusterSetup(clients, placement, new OperationWaiter(sleeper, clock, log, Duration.ofSeconds(10)));
        this.waiter = new OperationWaiter(sleeper, clock, log, Duration.ofSeconds(2));
        this.bindings = new IamBindings(clients, new IamRetry(sleeper, log));
        this.freshApi = new FreshApiRetry(sleeper, log);
        this.log = log;
    }

    /** Runs setup (or, with {@code dryRun}, plans it); each step is also passed to {@code onStep} as it completes. */
    public List<SetupStep> run(SetupConfig c, boolean dryRun, Consumer<SetupStep> onStep) throws InterruptedException {
        List<SetupStep> steps = new ArrayList<>();
        Consumer<SetupStep> add = s -> {
            steps.add(s);
            onStep.accept(s);
        };
        add.accept(permissions(c, dryRun));
        List<SetupStep> apis = apis(c, dryRun);
        apis.forEach(add);
        // on a dry run, nothing can be read through an API that is still off: it all would be created
        java.util.Set<String> off = new java.util.HashSet<>();
        apis.stream().filter(s -> s.status() == Status.WOULD_ENABLE).forEach(s -> off.add(s.what().substring("API ".length())));
        // APIs enabled by this run may still refuse calls for a while: those steps wait for them
        boolean enabledNow = apis.stream().anyMatch(s -> s.status() == Status.ENABLED);
        SetupStep bucket = off.contains("storage.googleapis.com") ? planned(bucketWhat(c)) : fresh(enabledNow, "read or create the bucket", () -> bucket(c, dryRun));
        add.accept(bucket);
        SetupStep repository = off.contains("artifactregistry.googleapis.com") ? planned(repositoryWhat(c))
                : fresh(enabledNow, "read or create the repository", () -> repository(c, dryRun));
        add.accept(repository);
        SetupStep account = off.contains("iam.googleapis.com") ? planned(accountWhat(c))
                : fresh(enabledNow, "read or create the service account", () -> serviceAccount(c, dryRun));
        add.accept(account);
        SetupStep nodeAccount = off.contains("iam.googleapis.com") ? planned(nodeAccountWhat(c))
                : fresh(enabledNow, "read or create the node service account", () -> nodeServiceAccount(c, dryRun));
        add.accept(nodeAccount);
        ClusterSetup.Outcome cluster = off.contains("container.googleapis.com")
                ? new ClusterSetup.Outcome(null, List.of(planned(ClusterSetup.what(c))))
                : fresh(enabledNow, "read or create the cluster", () -> this.cluster.run(c, dryRun));
        cluster.steps().forEach(add);
        boolean newAccount = account.status() == Status.WOULD_CREATE;
        // a policy of something that would be created cannot be read yet: its binding would be created too
        if (bucket.status() == Status.DIFFERS && bucket.detail().contains(UNIFORM_OFF)) {
            // GCS refuses IAM Conditions on a bucket with per-object ACLs
            add.accept(new SetupStep(IamBindings.bucketGrant(c), Status.SKIPPED, "IAM Conditions need uniform bucket-level access"));
        } else {
            add.accept(bucket.status() == Status.WOULD_CREATE || newAccount ? planned(IamBindings.bucketGrant(c)) : bindings.bucket(c, dryRun));
        }
        add.accept(repository.status() == Status.WOULD_CREATE || newAccount
                ? planned(IamBindings.repositoryGrant(c)) : bindings.repository(c, dryRun));
        boolean newNodeAccount = nodeAccount.status() == Status.WOULD_CREATE;
        add.accept(newNodeAccount ? planned(IamBindings.nodeProjectGrant(c)) : bindings.nodeProject(c, dryRun));
        if (c.vertexLocation() != null) {
            add.accept(newAccount ? planned(IamBindings.vertexGrant(c)) : bindings.vertex(c, dryRun));
        }
        add.accept(repository.status() == Status.WOULD_CREATE || newNodeAccount
                ? planned(IamBindings.nodeRepositoryGrant(c)) : bindings.nodeRepository(c, dryRun));
        // the member names the cluster's identity pool, which exists only with the cluster
        if (newAccount || cluster.cluster() == null) {
            add.accept(planned(IamBindings.workloadIdentityGrant(c)));
        } else if (!c.workloadPool().equals(cluster.cluster().getWorkloadIdentityConfig().getWorkloadPool())) {
            // IAM would refuse the member until the pool exists: retrying for minutes would only hide the real problem
            add.accept(new SetupStep(IamBindings.workloadIdentityGrant(c), Status.SKIPPED, "the cluster has no Workload Identity pool " + c.workloadPool()));
        } else {
            add.accept(bindings.workloadIdentity(c, dryRun));
        }
        add.accept(kubeconfig(c, cluster.cluster(), dryRun));
        add.accept(settings(c, dryRun));
        return steps;
    }

    /** The APIs this config needs: {@link #APIS}, and Vertex AI's when the pods call models there. */
    public static List<String> apis(SetupConfig c) {
        if (c.vertexLocation() == null) {
            return APIS;
        }
        List<String> all = new ArrayList<>(APIS);
        all.add(VERTEX_API);
        return List.copyOf(all);
    }

    private <T> T fresh(boolean enabledNow, String what, FreshApiRetry.Step<T> step) throws InterruptedException {
        return enabledNow ? freshApi.run(what, step) : step.run();
    }

    static String bucketWhat(SetupConfig c) {
        return "bucket " + GcsStore.url(c.bucket());
    }

    static String repositoryWhat(SetupConfig c) {
        return "repository " + c.registry();
    }

    static String accountWhat(SetupConfig c) {
        return "service account " + c.serviceAccountEmail();
    }

    static String nodeAccountWhat(SetupConfig c) {
        return "node service account " + c.nodeServiceAccountEmail();
    }

    private static SetupStep planned(String what) {
        return new SetupStep(what, Status.WOULD_CREATE);
    }

    private SetupStep permissions(SetupConfig c, boolean dryRun) {
        PermissionCheck check = new PermissionCheck(clients);
        Map<String, List<String>> missing = check.missing(c.project(), PermissionCheck.SETUP);
        if (missing.isEmpty()) {
            return new SetupStep("permissions on project " + c.project(), Status.OK, PermissionCheck.SETUP.size() + " checked");
        }
        if (dryRun) {
            return new SetupStep("permissions on project " + c.project(), Status.MISSING, check.describe(c.project(), missing));
        }
        throw new dev.arena.ArenaException(dev.arena.ExitCode.ENVIRONMENT, check.describe(c.project(), missing));
    }

    private List<SetupStep> apis(SetupConfig c, boolean dryRun) throws InterruptedException {
        List<SetupStep> steps = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        try {
            for (String api : apis(c)) {
                State state = clients.serviceUsage().getService(GetServiceRequest.newBuilder()
                        .setName(c.projectPath() + "/services/" + api).build()).getState();
                if (state == State.ENABLED) {
                    steps.add(new SetupStep("API " + api, Status.EXISTS));
                } else {
                    disabled.add(api);
                }
            }
            if (!disabled.isEmpty() && !dryRun) {
                var op = clients.serviceUsage().batchEnableServicesCallable().call(BatchEnableServicesRequest.newBuilder()
                        .setParent(c.projectPath()).addAllServiceIds(disabled).build());
                waiter.longRunning(clients.serviceUsage().getOperationsClient(), op, "enable " + String.join(", ", disabled));
            }
        } catch (ApiException e) {
            throw GcpErrors.translate(e, "enable the APIs of project " + c.project(), "roles/serviceusage.serviceUsageAdmin",
                    c.project(), clients.member());
        }
        disabled.forEach(api -> steps.add(new SetupStep("API " + api, dryRun ? Status.WOULD_ENABLE : Status.ENABLED)));
        return steps;
    }

    private SetupStep bucket(SetupConfig c, boolean dryRun) {
        String what = bucketWhat(c);
        try {
            Bucket have = clients.storage().get(c.bucket());
            if (have != null) {
                List<String> differs = new ArrayList<>();
                if (!c.region().equalsIgnoreCase(have.getLocation())) {
                    differs.add("location " + have.getLocation() + " (want " + c.region() + ")");
                }
                var iam = have.getIamConfiguration();
                if (iam == null || !Boolean.TRUE.equals(iam.isUniformBucketLevelAccessEnabled())) {
                    differs.add(UNIFORM_OFF);
                }
                return differs.isEmpty() ? new SetupStep(what, Status.EXISTS) : new SetupStep(what, Status.DIFFERS, String.join("; ", differs));
            }
            if (dryRun) {
                return new SetupStep(what, Status.WOULD_CREATE, "in " + c.region() + ", uniform bucket-level access");
            }
            clients.storage().create(BucketInfo.newBuilder(c.bucket()).setLocation(c.region())
                    .setIamConfiguration(BucketInfo.IamConfiguration.newBuilder().setIsUniformBucketLevelAccessEnabled(true).build()).build());
            return new SetupStep(what, Status.CREATED, "in " + c.region() + ", uniform bucket-level access");
        } catch (StorageException e) {
            if (e.getCode() == 409) {
                throw dev.arena.ArenaException.usage("bucket name " + c.bucket() + " is taken by another project; pass --bucket NAME");
            }
            throw GcpErrors.translate(e, "create " + what, c.project(), clients.member());
        }
    }

    private SetupStep repository(SetupConfig c, boolean dryRun) throws InterruptedException {
        String what = repositoryWhat(c);
        try {
            Optional<Repository> have = GcpErrors.found(() -> clients.artifactRegistry().getRepository(c.repositoryPath()));
            if (have.isPresent()) {
                return have.get().getFormat() == Repository.Format.DOCKER ? new SetupStep(what, Status.EXISTS)
                        : new SetupStep(what, Status.DIFFERS, "format " + have.get().getFormat() + " (want DOCKER)");
            }
            if (dryRun) {
                return new SetupStep(what, Status.WOULD_CREATE, "Docker, in " + c.region());
            }
            var op = clients.artifactRegistry().createRepositoryCallable().call(CreateRepositoryRequest.newBuilder()
                    .setParent(c.locationPath()).setRepositoryId(c.repository())
                    .setRepository(Repository.newBuilder().setFormat(Repository.Format.DOCKER)
                            .setDescription("arena: evaluator and dataset images")).build());
            waiter.longRunning(clients.artifactRegistry().getOperationsClient(), op, "create " + what);
            return new SetupStep(what, Status.CREATED, "Docker, in " + c.region());
        } catch (ApiException e) {
            throw GcpErrors.translate(e, "create " + what, "roles/artifactregistry.admin", c.project(), clients.member());
        }
    }

    private SetupStep serviceAccount(SetupConfig c, boolean dryRun) {
        return serviceAccount(c, accountWhat(c), c.serviceAccountPath(), c.serviceAccountId(),
                "arena evaluator", "Evaluator pods of arena (Workload Identity)", dryRun);
    }

    /** What the cluster's nodes run as: logs, metrics and image pulls, nothing of the project default account's Editor role. */
    private SetupStep nodeServiceAccount(SetupConfig c, boolean dryRun) {
        return serviceAccount(c, nodeAccountWhat(c), c.nodeServiceAccountPath(), SetupConfig.NODE_SERVICE_ACCOUNT_ID,
                "arena nodes", "Nodes of the arena cluster: logging, monitoring, image pulls", dryRun);
    }

    private SetupStep serviceAccount(SetupConfig c, String what, String path, String id, String displayName, String description,
                                     boolean dryRun) {
        try {
            if (GcpErrors.found(() -> clients.iam().getServiceAccount(path)).isPresent()) {
                return new SetupStep(what, Status.EXISTS);
            }
            if (dryRun) {
                return new SetupStep(what, Status.WOULD_CREATE);
            }
            clients.iam().createServiceAccount(CreateServiceAccountRequest.newBuilder().setName(c.projectPath())
                    .setAccountId(id).setServiceAccount(ServiceAccount.newBuilder()
                            .setDisplayName(displayName).setDescription(description)).build());
            return new SetupStep(what, Status.CREATED);
        } catch (ApiException e) {
            throw GcpErrors.translate(e, "create " + what, "roles/iam.serviceAccountAdmin", c.project(), clients.member());
        }
    }

    private SetupStep kubeconfig(SetupConfig c, com.google.container.v1.Cluster cluster, boolean dryRun) {
        String what = "kubeconfig context " + c.contextName() + " in " + kubeconfig.file();
        if (cluster == null) {
            return new SetupStep(what, Status.WOULD_CREATE);
        }
        if (cluster.getEndpoint().isEmpty()) {
            return new SetupStep(what, Status.DIFFERS, "the cluster has no endpoint yet (status " + cluster.getStatus() + "); run setup again later");
        }
        var entry = new KubeconfigWriter.Entry(c.contextName(), "https://" + cluster.getEndpoint(),
                cluster.getMasterAuth().getClusterCaCertificate());
        KubeconfigWriter.Result r = dryRun ? kubeconfig.plan(entry) : kubeconfig.write(entry);
        return new SetupStep(what, switch (r) {
            case UNCHANGED -> Status.EXISTS;
            case ADDED -> dryRun ? Status.WOULD_CREATE : Status.CREATED;
            default -> dryRun ? Status.WOULD_UPDATE : Status.UPDATED;
        });
    }

    /** What setup writes to the settings file. */
    static Map<Settings.Key, String> settingsOf(SetupConfig c) {
        Map<Settings.Key, String> v = new EnumMap<>(Settings.Key.class);
        v.put(Settings.Key.PROJECT, c.project());
        v.put(Settings.Key.REGION, c.region());
        v.put(Settings.Key.CLUSTER, c.cluster());
        v.put(Settings.Key.BUCKET, c.bucket());
        v.put(Settings.Key.NAMESPACE, c.namespace());
        v.put(Settings.Key.REGISTRY, c.registry());
        v.put(Settings.Key.CONTEXT, c.contextName());
        v.put(Settings.Key.SERVICE_ACCOUNT, c.serviceAccountEmail());
        if (c.vertexLocation() != null) {
            v.put(Settings.Key.VERTEX_LOCATION, c.vertexLocation());
        }
        return v;
    }

    private SetupStep settings(SetupConfig c, boolean dryRun) {
        String what = "settings " + settingsFile;
        Map<Settings.Key, String> want = settingsOf(c);
        Map<Settings.Key, String> have = Settings.load(Map.of(), settingsFile).stored();
        boolean same = want.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
        if (same) {
            return new SetupStep(what, Status.EXISTS);
        }
        Status status = have.isEmpty() ? (dryRun ? Status.WOULD_CREATE : Status.CREATED) : (dryRun ? Status.WOULD_UPDATE : Status.UPDATED);
        if (!dryRun) {
            Settings.write(settingsFile, want);
            log.accept("wrote " + settingsFile);
        }
        return new SetupStep(what, status);
    }
}
