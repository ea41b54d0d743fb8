package dev.arena.gcp;

import dev.arena.store.GcsStore;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import dev.arena.gcp.SetupStep.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The grants that let evaluator pods reach the bucket and the images without key files: the
 * Google service account may read and create what {@link BucketAccess} allows in the bucket and
 * read the repository, and the evaluator's Kubernetes ServiceAccount may act as it (Workload Identity). Each policy is read first and
 * written only when the member is missing. Read and write go through {@link IamRetry} together
 * (a fresh read each time, so the etag is current), because the account may be seconds old.
 */
final class IamBindings {
    static final String REPOSITORY_ROLE = "roles/artifactregistry.reader";
    static final String WORKLOAD_IDENTITY_ROLE = "roles/iam.workloadIdentityUser";
    /** Lets the pods call models on Vertex AI (predict, rawPredict, the OpenAI-compatible endpoint) with their own identity. */
    static final String VERTEX_ROLE = "roles/aiplatform.user";
    /**
     * What GKE nodes need on the project (Google's "minimally privileged node service account"):
     * write logs and metrics, read monitoring (the metrics agent), write resource metadata. Image
     * pulls need {@link #REPOSITORY_ROLE} on the repository, granted there.
     */
    static final List<String> NODE_ROLES = List.of("roles/logging.logWriter", "roles/monitoring.metricWriter",
            "roles/monitoring.viewer", "roles/stackdriver.resourceMetadata.writer");

    private final GcpClients clients;
    private final IamRetry retry;

    IamBindings(GcpClients clients, IamRetry retry) {
        this.clients = clients;
        this.retry = retry;
    }

    static String bucketGrant(SetupConfig c) {
        return "conditional " + BucketAccess.VIEWER + " and " + BucketAccess.CREATOR + " on " + GcsStore.url(c.bucket())
                + " for " + c.serviceAccountEmail();
    }

    static String repositoryGrant(SetupConfig c) {
        return REPOSITORY_ROLE + " on repository " + c.repository() + " for " + c.serviceAccountEmail();
    }

    static String nodeRepositoryGrant(SetupConfig c) {
        return REPOSITORY_ROLE + " on repository " + c.repository() + " for " + c.nodeServiceAccountEmail();
    }

    static String nodeProjectGrant(SetupConfig c) {
        return String.join(", ", NODE_ROLES) + " on project " + c.project() + " for " + c.nodeServiceAccountEmail();
    }

    static String vertexGrant(SetupConfig c) {
        return VERTEX_ROLE + " on project " + c.project() + " for " + c.serviceAccountEmail();
    }

    static String workloadIdentityGrant(SetupConfig c) {
        return WORKLOAD_IDENTITY_ROLE + " on " + c.serviceAccountEmail() + " for " + c.workloadIdentityMember();
    }

    /**
     * The pods' conditional grants on the bucket ({@link BucketAccess}); the unconditional
     * objectAdmin an older setup made is removed in the same write. Another unconditional Cloud
     * Storage role of the account (arena never grants one) is reported as differing, not removed.
     */
    SetupStep bucket(SetupConfig c, boolean dryRun) throws InterruptedException {
        String what = bucketGrant(c);
        String member = BucketAccess.member(c);
        try {
            if (dryRun) {
                BucketAccess.Review r = BucketAccess.review(bucketPolicy(c), c.bucket(), member);
                return bucketStep(what, r, Status.WOULD_CREATE, Status.WOULD_UPDATE, c);
            }
            return retry.run("grant " + what, () -> {
                com.google.cloud.Policy policy = bucketPolicy(c);
                BucketAccess.Review r = BucketAccess.review(policy, c.bucket(), member);
                if (!r.complete()) {
                    clients.storage().setIamPolicy(c.bucket(), BucketAccess.granted(policy, c.bucket(), member));
                }
                return bucketStep(what, r, Status.CREATED, Status.UPDATED, c);
            });
        } catch (StorageException e) {
            throw GcpErrors.translate(e, "grant " + what, c.project(), clients.member());
        }
    }

    /** The bucket's policy as version 3: a version-1 read of a policy with conditions is refused. */
    com.google.cloud.Policy bucketPolicy(SetupConfig c) {
        return clients.storage().getIamPolicy(c.bucket(), Storage.BucketSourceOption.requestedPolicyVersion(BucketAccess.POLICY_VERSION));
    }

    private static SetupStep bucketStep(String what, BucketAccess.Review r, Status created, Status updated, SetupConfig c) {
        List<String> detail = new ArrayList<>();
        if (r.legacy()) {
            detail.add("removes the unconditional " + BucketAccess.LEGACY_ROLE + " on the whole bucket");
        }
        if (!r.missing().isEmpty()) {
            detail.add("adds " + String.join(", ", r.missing().stream().map(g -> g.title() + " (" + g.role() + ")").toList()));
        }
        if (!r.broad().isEmpty()) {
            detail.add("the account also holds " + String.join(", ", r.broad()) + " on the whole bucket, which arena did not grant: remove it with "
                    + String.join("; ", r.broad().stream().map(role -> "`gcloud storage buckets remove-iam-policy-binding " + GcsStore.url(c.bucket())
                    + " --member=" + BucketAccess.member(c) + " --role=" + role + "`").toList()));
            return new SetupStep(what, Status.DIFFERS, String.join("; ", detail));
        }
        Status status = r.legacy() ? updated : r.missing().isEmpty() ? Status.EXISTS : created;
        return new SetupStep(what, status, String.join("; ", detail));
    }

    SetupStep repository(SetupConfig c, boolean dryRun) throws InterruptedException {
        return repository(c, repositoryGrant(c), "serviceAccount:" + c.serviceAccountEmail(), dryRun);
    }

    /** The nodes pull the evaluator and prebuilt task images from the repository. */
    SetupStep nodeRepository(SetupConfig c, boolean dryRun) throws InterruptedException {
        return repository(c, nodeRepositoryGrant(c), "serviceAccount:" + c.nodeServiceAccountEmail(), dryRun);
    }

    /** The node account's roles on the project, in one policy write. */
    SetupStep nodeProject(SetupConfig c, boolean dryRun) throws InterruptedException {
        return projectRoles(c, nodeProjectGrant(c), "serviceAccount:" + c.nodeServiceAccountEmail(), NODE_ROLES, dryRun);
    }

    /** The pods' account may call Vertex AI models: no API key anywhere, Workload Identity signs the calls. */
    SetupStep vertex(SetupConfig c, boolean dryRun) throws InterruptedException {
        return projectRoles(c, vertexGrant(c), BucketAccess.member(c), List.of(VERTEX_ROLE), dryRun);
    }

    private SetupStep projectRoles(SetupConfig c, String what, String member, List<String> roles, boolean dryRun) throws InterruptedException {
        try {
            return grant(what, dryRun, () -> {
                // version 3: a project policy may hold conditional bindings, which a version-1 write would damage
                Policy read = clients.projects().getIamPolicy(GetIamPolicyRequest.newBuilder().setResource(c.projectPath())
                        .setOptions(com.google.iam.v1.GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3)).build());
                Policy policy = read;
                for (String role : roles) {
                    policy = PolicyBindings.withMember(policy, role, member).orElse(policy);
                }
                Policy write = policy;
                return write.equals(read) ? Optional.empty() : Optional.of(() -> clients.projects().setIamPolicy(
                        SetIamPolicyRequest.newBuilder().setResource(c.projectPath()).setPolicy(write).build()));
            });
        } catch (ApiException e) {
            throw GcpErrors.translate(e, "grant " + what, "roles/resourcemanager.projectIamAdmin", c.project(), clients.member());
        }
    }

    private SetupStep repository(SetupConfig c, String what, String member, boolean dryRun) throws InterruptedException {
        try {
            return grant(what, dryRun, () -> {
                Policy policy = clients.artifactRegistry().getIamPolicy(GetIamPolicyRequest.newBuilder().setResource(c.repositoryPath()).build());
                return PolicyBindings.withMember(policy, REPOSITORY_ROLE, member).map(p -> () -> clients.artifactRegistry().setIamPolicy(
                        SetIamPolicyRequest.newBuilder().setResource(c.repositoryPath()).setPolicy(p).build()));
            });
        } catch (ApiException e) {
            throw GcpErrors.translate(e, "grant " + what, "roles/artifactregistry.admin", c.project(), clients.member());
        }
    }

    SetupStep workloadIdentity(SetupConfig c, boolean dryRun) throws InterruptedException {
        String what = workloadIdentityGrant(c);
        try {
            return grant(what, dryRun, () -> {
                Policy policy = clients.iam().getIamPolicy(c.serviceAccountPath());
                return PolicyBindings.withMember(policy, WORKLOAD_IDENTITY_ROLE, c.workloadIdentityMember())
                        .map(p -> () -> clients.iam().setIamPolicy(c.serviceAccountPath(), p));
            });
        } catch (ApiException e) {
            throw GcpErrors.translate(e, "grant " + what, "roles/iam.serviceAccountAdmin", c.project(), clients.member());
        }
    }

    /**
     * @param readAndPlan reads the policy and returns the write that adds the member, or empty
     *                    when the policy already has it
     */
    private SetupStep grant(String what, boolean dryRun, Supplier<Optional<Runnable>> readAndPlan) throws InterruptedException {
        if (dryRun) {
            return new SetupStep(what, readAndPlan.get().isPresent() ? Status.WOULD_CREATE : Status.EXISTS);
        }
        return retry.run("grant " + what, () -> {
            Optional<Runnable> write = readAndPlan.get();
            write.ifPresent(Runnable::run);
            return new SetupStep(what, write.isPresent() ? Status.CREATED : Status.EXISTS);
        });
    }
}
