package dev.arena.gcp;

import dev.arena.store.GcsStore;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.Identity;
import com.google.cloud.Role;
import com.google.cloud.storage.StorageException;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import dev.arena.gcp.SetupStep.Status;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The three grants that let evaluator pods reach the bucket and the images without key files:
 * the Google service account may write the bucket and read the repository, and the evaluator's
 * Kubernetes ServiceAccount may act as it (Workload Identity). Each policy is read first and
 * written only when the member is missing. Read and write go through {@link IamRetry} together
 * (a fresh read each time, so the etag is current), because the account may be seconds old.
 */
final class IamBindings {
    static final String BUCKET_ROLE = "roles/storage.objectAdmin";
    static final String REPOSITORY_ROLE = "roles/artifactregistry.reader";
    static final String WORKLOAD_IDENTITY_ROLE = "roles/iam.workloadIdentityUser";

    private final GcpClients clients;
    private final IamRetry retry;

    IamBindings(GcpClients clients, IamRetry retry) {
        this.clients = clients;
        this.retry = retry;
    }

    static String bucketGrant(SetupConfig c) {
        return BUCKET_ROLE + " on " + GcsStore.url(c.bucket()) + " for " + c.serviceAccountEmail();
    }

    static String repositoryGrant(SetupConfig c) {
        return REPOSITORY_ROLE + " on repository " + c.repository() + " for " + c.serviceAccountEmail();
    }

    static String workloadIdentityGrant(SetupConfig c) {
        return WORKLOAD_IDENTITY_ROLE + " on " + c.serviceAccountEmail() + " for " + c.workloadIdentityMember();
    }

    SetupStep bucket(SetupConfig c, boolean dryRun) throws InterruptedException {
        String what = bucketGrant(c);
        Role role = Role.of(BUCKET_ROLE);
        Identity member = Identity.serviceAccount(c.serviceAccountEmail());
        try {
            return grant(what, dryRun, () -> {
                com.google.cloud.Policy policy = clients.storage().getIamPolicy(c.bucket());
                if (policy.getBindings().getOrDefault(role, Set.of()).contains(member)) {
                    return Optional.empty();
                }
                return Optional.of(() -> clients.storage().setIamPolicy(c.bucket(), policy.toBuilder().addIdentity(role, member).build()));
            });
        } catch (StorageException e) {
            throw GcpErrors.translate(e, "grant " + what, c.project(), clients.member());
        }
    }

    SetupStep repository(SetupConfig c, boolean dryRun) throws InterruptedException {
        String what = repositoryGrant(c);
        String member = "serviceAccount:" + c.serviceAccountEmail();
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
