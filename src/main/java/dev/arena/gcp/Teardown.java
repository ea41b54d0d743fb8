package dev.arena.gcp;

import dev.arena.store.GcsStore;
import dev.arena.Sleeper;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.container.v1.Operation;
import com.google.devtools.artifactregistry.v1.DeleteRepositoryRequest;
import dev.arena.config.Settings;
import dev.arena.gcp.SetupStep.Status;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * `arena teardown`: deletes what setup made (cluster, repository, service account, the bucket
 * with everything in it unless kept, the kubeconfig context, the settings keys). Whatever is
 * already gone is reported as absent, so it can run again after a partial failure. The APIs stay
 * enabled: other things in the project may use them.
 */
public final class Teardown {
    private final GcpClients clients;
    private final KubeconfigWriter kubeconfig;
    private final Path settingsFile;
    private final OperationWaiter clusterWaiter;
    private final OperationWaiter waiter;

    public Teardown(GcpClients clients, KubeconfigWriter kubeconfig, Path settingsFile, Sleeper sleeper, Clock clock, Consumer<String> log) {
        this.clients = clients;
        this.kubeconfig = kubeconfig;
        this.settingsFile = settingsFile;
        this.clusterWaiter = new OperationWaiter(sleeper, clock, log, Duration.ofSeconds(10));
        this.waiter = new OperationWaiter(sleeper, clock, log, Duration.ofSeconds(2));
    }

    public List<SetupStep> run(SetupConfig c, boolean keepBucket, Consumer<SetupStep> onStep) throws InterruptedException {
        new PermissionCheck(clients).require(c.project(), keepBucket
                ? PermissionCheck.TEARDOWN.stream().filter(n -> !n.permission().startsWith("storage.objects.")
                        && !n.permission().equals("storage.buckets.delete")).toList() : PermissionCheck.TEARDOWN);
        List<SetupStep> steps = new ArrayList<>();
        Consumer<SetupStep> add = s -> {
            steps.add(s);
            onStep.accept(s);
        };
        add.accept(cluster(c));
        add.accept(repository(c));
        if (keepBucket) {
            // while the account exists: afterwards its bindings name a deleted account and match nothing
            add.accept(bucketAccess(c));
        }
        add.accept(serviceAccount(c));
        add.accept(nodeProjectGrants(c));
        add.accept(nodeServiceAccount(c));
        add.accept(keepBucket ? new SetupStep("bucket " + GcsStore.url(c.bucket()), Status.KEPT) : bucket(c));
        String ctx = "kubeconfig context " + c.contextName() + " in " + kubeconfig.file();
        add.accept(new SetupStep(ctx, kubeconfig.remove(c.contextName()) == KubeconfigWriter.Result.REMOVED ? Status.DELETED : Status.ABSENT));
        add.accept(settings(keepBucket));
        return steps;
    }

    private SetupStep cluster(SetupConfig c) throws InterruptedException {
        String what = "cluster " + c.cluster() + " in " + c.region();
        try {
            if (GcpErrors.found(() -> clients.gke().getCluster(c.clusterPath())).isEmpty()) {
                return new SetupStep(what, Status.ABSENT);
            }
            Operation op = clients.gke().deleteCluster(c.clusterPath());
            clusterWaiter.container(clients.gke(), c.locationPath(), op, "delete " + what + " (takes several minutes)");
            return new SetupStep(what, Status.DELETED);
        } catch (ApiException e) {
            throw GcpErrors.translate(e, "delete " + what, "roles/container.admin", c.project(), clients.member());
        }
    }

    private SetupStep repository(SetupConfig c) throws InterruptedException {
        String what = "repository " + c.registry();
        try {
            if (GcpErrors.found(() -> clients.artifactRegistry().getRepository(c.repositoryPath())).isEmpty()) {
                return new SetupStep(what, Status.ABSENT);
            }
            var op = clients.artifactRegistry().deleteRepositoryCallable().call(DeleteRepositoryRequest.newBuilder().setName(c.repositoryPath()).build());
            waiter.longRunning(clients.artifactRegistry().getOperationsClient(), op, "delete " + what);
            return new SetupStep(what, Status.DELETED);
        } catch (ApiException e) {
            throw GcpErrors.translate(e, "delete " + what, "roles/artifactregistry.admin", c.project(), clients.member());
        }
    }

    /** A kept bucket loses the pods' grants (a deleted bucket takes its policy with it). */
    private SetupStep bucketAccess(SetupConfig c) {
        String what = IamBindings.bucketGrant(c);
        String member = BucketAccess.member(c);
        try {
            com.google.cloud.Policy policy = clients.storage().getIamPolicy(c.bucket(),
                    Storage.BucketSourceOption.requestedPolicyVersion(BucketAccess.POLICY_VERSION));
            if (!BucketAccess.holdsAny(policy, c.bucket(), member)) {
                return new SetupStep(what, Status.ABSENT);
            }
            clients.storage().setIamPolicy(c.bucket(), BucketAccess.revoked(policy, c.bucket(), member));
            return new SetupStep(what, Status.DELETED);
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                return new SetupStep(what, Status.ABSENT);
            }
            throw GcpErrors.translate(e, "remove " + what, c.project(), clients.member());
        }
    }

    private SetupStep serviceAccount(SetupConfig c) {
        return serviceAccount(c, SetupService.accountWhat(c), c.serviceAccountPath());
    }

    /** After the cluster, whose nodes ran as it. */
    private SetupStep nodeServiceAccount(SetupConfig c) {
        return serviceAccount(c, SetupService.nodeAccountWhat(c), c.nodeServiceAccountPath());
    }

    /** The node account's project roles, removed before the account (afterwards they would name a deleted account). */
    private SetupStep nodeProjectGrants(SetupConfig c) {
        String what = IamBindings.nodeProjectGrant(c);
        String member = "serviceAccount:" + c.nodeServiceAccountEmail();
        try {
            com.google.iam.v1.Policy read = clients.projects().getIamPolicy(com.google.iam.v1.GetIamPolicyRequest.newBuilder()
                    .setResource(c.projectPath()).setOptions(com.google.iam.v1.GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3)).build());
            com.google.iam.v1.Policy policy = read;
            for (String role : IamBindings.NODE_ROLES) {
                policy = PolicyBindings.withoutMember(policy, role, member).orElse(policy);
            }
            if (policy.equals(read)) {
                return new SetupStep(what, Status.ABSENT);
            }
            clients.projects().setIamPolicy(com.google.iam.v1.SetIamPolicyRequest.newBuilder().setResource(c.projectPath()).setPolicy(policy).build());
            return new SetupStep(what, Status.DELETED);
        } catch (ApiException e) {
            throw GcpErrors.translate(e, "remove " + what, "roles/resourcemanager.projectIamAdmin", c.project(), clients.member());
        }
    }

    private SetupStep serviceAccount(SetupConfig c, String what, String path) {
        try {
            if (GcpErrors.found(() -> clients.iam().getServiceAccount(path)).isEmpty()) {
                return new SetupStep(what, Status.ABSENT);
            }
            clients.iam().deleteServiceAccount(path);
            return new SetupStep(what, Status.DELETED);
        } catch (ApiException e) {
            throw GcpErrors.translate(e, "delete " + what, "roles/iam.serviceAccountAdmin", c.project(), clients.member());
        }
    }

    /** A bucket must be empty before it can be deleted: its objects go first, one request each. */
    private SetupStep bucket(SetupConfig c) {
        String what = "bucket " + GcsStore.url(c.bucket());
        Storage storage = clients.storage();
        try {
            if (storage.get(c.bucket()) == null) {
                return new SetupStep(what, Status.ABSENT);
            }
            long objects = 0;
            for (Blob b : storage.list(c.bucket()).iterateAll()) {
                storage.delete(b.getBlobId());
                objects++;
            }
            storage.delete(c.bucket());
            return new SetupStep(what, Status.DELETED, objects + " objects");
        } catch (StorageException e) {
            throw GcpErrors.translate(e, "delete " + what, c.project(), clients.member());
        }
    }

    private SetupStep settings(boolean keepBucket) {
        String what = "settings " + settingsFile;
        Map<Settings.Key, String> stored = Settings.load(Map.of(), settingsFile).stored();
        Map<Settings.Key, String> clear = new EnumMap<>(Settings.Key.class);
        for (Settings.Key k : Settings.Key.values()) {
            // a kept bucket stays reachable by `arena results` and `arena report`
            boolean keep = keepBucket && (k == Settings.Key.BUCKET || k == Settings.Key.PROJECT);
            if (!keep && stored.containsKey(k)) {
                clear.put(k, null);
            }
        }
        if (clear.isEmpty()) {
            return new SetupStep(what, Status.ABSENT);
        }
        Settings.write(settingsFile, clear);
        return new SetupStep(what, Status.DELETED, clear.size() + " keys");
    }
}
