package dev.arena.gcp;

import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.serviceusage.v1.BatchEnableServicesRequest;
import com.google.api.serviceusage.v1.GetServiceRequest;
import com.google.api.serviceusage.v1.Service;
import com.google.api.serviceusage.v1.ServiceUsageGrpc;
import com.google.api.serviceusage.v1.State;
import com.google.cloud.resourcemanager.v3.ProjectsGrpc;
import com.google.cloud.storage.Storage;
import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.CreateClusterRequest;
import com.google.container.v1.CreateNodePoolRequest;
import com.google.container.v1.DeleteClusterRequest;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.MasterAuth;
import com.google.container.v1.NodePool;
import com.google.container.v1.SetNodePoolAutoscalingRequest;
import com.google.container.v1.SetNodePoolSizeRequest;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryGrpc;
import com.google.devtools.artifactregistry.v1.CreateRepositoryRequest;
import com.google.devtools.artifactregistry.v1.DeleteRepositoryRequest;
import com.google.devtools.artifactregistry.v1.GetRepositoryRequest;
import com.google.devtools.artifactregistry.v1.GetTagRequest;
import com.google.devtools.artifactregistry.v1.Repository;
import com.google.devtools.artifactregistry.v1.Tag;
import com.google.iam.admin.v1.CreateServiceAccountRequest;
import com.google.iam.admin.v1.DeleteServiceAccountRequest;
import com.google.iam.admin.v1.GetServiceAccountRequest;
import com.google.iam.admin.v1.IAMGrpc;
import com.google.iam.admin.v1.ServiceAccount;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.iam.v1.TestIamPermissionsRequest;
import com.google.iam.v1.TestIamPermissionsResponse;
import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.Operation;
import com.google.longrunning.OperationsGrpc;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GKE, Service Usage, Artifact Registry, IAM and Resource Manager in memory, served over one
 * in-process gRPC server that the real clients talk to. Long operations finish only after being
 * polled {@link #POLLS_UNTIL_DONE} times, so callers must poll. Every mutating call is recorded
 * (method and target) so tests can assert exactly what changed, or that nothing did.
 */
final class FakeGcp implements AutoCloseable {
    static final int POLLS_UNTIL_DONE = 2;

    final Map<String, Cluster> clusters = new ConcurrentHashMap<>();
    final Map<String, State> services = new ConcurrentHashMap<>();
    final Map<String, Repository> repositories = new ConcurrentHashMap<>();
    final Map<String, ServiceAccount> accounts = new ConcurrentHashMap<>();
    /** IAM policies of service accounts and repositories, by resource name. */
    final Map<String, Policy> policies = new ConcurrentHashMap<>();
    final Set<String> tags = ConcurrentHashMap.newKeySet();
    /** The node count per zone last set on each node pool, by its resource name (GKE keeps no current size in the pool). */
    final Map<String, Integer> poolSizes = new ConcurrentHashMap<>();
    final List<String> mutations = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Permissions testIamPermissions reports as held; null: all asked. */
    volatile Set<String> granted;
    /** How many setIamPolicy calls on a service account answer NOT_FOUND first, as IAM does for a fresh account. */
    final AtomicInteger accountPolicyNotFound = new AtomicInteger();
    /** When set, mutating GKE calls answer PERMISSION_DENIED. */
    volatile boolean denyGke;
    /** How many GKE reads answer SERVICE_DISABLED first, as GKE does for a minute after its API is enabled. */
    final AtomicInteger gkeStillDisabled = new AtomicInteger();

    private final Map<String, PendingOp> longOps = new ConcurrentHashMap<>();
    private final Map<String, PendingGkeOp> gkeOps = new ConcurrentHashMap<>();
    private final Server server;
    private final ManagedChannel channel;
    private final AtomicInteger ids = new AtomicInteger();

    FakeGcp() throws IOException {
        String name = "fake-gcp-" + UUID.randomUUID();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(new Gke()).addService(new Usage()).addService(new Registry()).addService(new Iam())
                .addService(new Projects()).addService(new Operations()).build().start();
        channel = InProcessChannelBuilder.forName(name).usePlaintext().directExecutor().build();
    }

    GcpClients clients(Storage storage) {
        return GcpClients.over(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)), storage, "user:tester@example.com");
    }

    List<String> mutations() {
        return List.copyOf(mutations);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private static <T> void reply(StreamObserver<T> out, T value) {
        out.onNext(value);
        out.onCompleted();
    }

    private static <T> void fail(StreamObserver<T> out, Status status, String message) {
        out.onError(status.withDescription(message).asRuntimeException());
    }

    /** A google.longrunning operation that applies its effect once it is polled enough. */
    private static final class PendingOp {
        final Runnable effect;
        final com.google.protobuf.Message response;
        int polls;

        PendingOp(Runnable effect, com.google.protobuf.Message response) {
            this.effect = effect;
            this.response = response;
        }
    }

    private Operation startLongOp(Runnable effect, com.google.protobuf.Message response) {
        String name = "operations/op-" + ids.incrementAndGet();
        longOps.put(name, new PendingOp(effect, response));
        return Operation.newBuilder().setName(name).setDone(false).build();
    }

    private final class Operations extends OperationsGrpc.OperationsImplBase {
        @Override
        public void getOperation(GetOperationRequest request, StreamObserver<Operation> out) {
            PendingOp op = longOps.get(request.getName());
            if (op == null) {
                fail(out, Status.NOT_FOUND, "no operation " + request.getName());
                return;
            }
            if (++op.polls < POLLS_UNTIL_DONE) {
                reply(out, Operation.newBuilder().setName(request.getName()).setDone(false).build());
                return;
            }
            if (op.polls == POLLS_UNTIL_DONE) {
                op.effect.run();
            }
            reply(out, Operation.newBuilder().setName(request.getName()).setDone(true).setResponse(Any.pack(op.response)).build());
        }
    }

    private record PendingGkeOp(Runnable effect, int[] polls) {
    }

    private com.google.container.v1.Operation startGkeOp(Runnable effect) {
        String name = "operation-" + ids.incrementAndGet();
        gkeOps.put(name, new PendingGkeOp(effect, new int[1]));
        return com.google.container.v1.Operation.newBuilder().setName(name).setStatus(com.google.container.v1.Operation.Status.RUNNING).build();
    }

    private final class Gke extends ClusterManagerGrpc.ClusterManagerImplBase {
        @Override
        public void getCluster(GetClusterRequest request, StreamObserver<Cluster> out) {
            if (gkeStillDisabled.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                fail(out, Status.PERMISSION_DENIED, "Kubernetes Engine API has not been used in project 123 before or it is disabled."
                        + " Enable it by visiting https://console.developers.google.com/apis/api/container.googleapis.com/overview?project=123"
                        + " then retry. [SERVICE_DISABLED]");
                return;
            }
            Cluster c = clusters.get(request.getName());
            if (c == null) {
                fail(out, Status.NOT_FOUND, "Not found: " + request.getName());
            } else {
                reply(out, c);
            }
        }

        @Override
        public void createCluster(CreateClusterRequest request, StreamObserver<com.google.container.v1.Operation> out) {
            if (denyGke) {
                fail(out, Status.PERMISSION_DENIED, "Required \"container.clusters.create\" permission(s) for \"" + request.getParent() + "\".");
                return;
            }
            String name = request.getParent() + "/clusters/" + request.getCluster().getName();
            mutations.add("gke.createCluster " + name);
            clusters.put(name, request.getCluster().toBuilder().setStatus(Cluster.Status.PROVISIONING).build());
            reply(out, startGkeOp(() -> clusters.computeIfPresent(name, (k, c) -> c.toBuilder().setStatus(Cluster.Status.RUNNING)
                    .setEndpoint("34.1.2.3").setMasterAuth(MasterAuth.newBuilder().setClusterCaCertificate("Q0EtREFUQQ==")).build())));
        }

        @Override
        public void createNodePool(CreateNodePoolRequest request, StreamObserver<com.google.container.v1.Operation> out) {
            mutations.add("gke.createNodePool " + request.getParent() + "/nodePools/" + request.getNodePool().getName());
            reply(out, startGkeOp(() -> clusters.computeIfPresent(request.getParent(), (k, c) -> c.toBuilder().addNodePools(request.getNodePool()).build())));
        }

        @Override
        public void setNodePoolAutoscaling(SetNodePoolAutoscalingRequest request, StreamObserver<com.google.container.v1.Operation> out) {
            if (denyGke) {
                fail(out, Status.PERMISSION_DENIED, "Required \"container.clusters.update\" permission(s) for \"" + request.getName() + "\".");
                return;
            }
            if (request.getAutoscaling().getTotalMaxNodeCount() > 0 && request.getAutoscaling().getMaxNodeCount() > 0) {
                fail(out, Status.INVALID_ARGUMENT, "Total and per zone limits cannot be set at the same time.");
                return;
            }
            String pool = request.getName();
            String cluster = pool.substring(0, pool.indexOf("/nodePools/"));
            String poolName = pool.substring(pool.lastIndexOf('/') + 1);
            mutations.add("gke.setNodePoolAutoscaling " + pool + " " + request.getAutoscaling().getTotalMinNodeCount() + ".."
                    + request.getAutoscaling().getTotalMaxNodeCount());
            reply(out, startGkeOp(() -> clusters.computeIfPresent(cluster, (k, c) -> {
                Cluster.Builder b = c.toBuilder();
                for (int i = 0; i < b.getNodePoolsCount(); i++) {
                    if (b.getNodePools(i).getName().equals(poolName)) {
                        NodePool p = b.getNodePools(i);
                        b.setNodePools(i, p.toBuilder().setAutoscaling(request.getAutoscaling()));
                    }
                }
                return b.build();
            })));
        }

        @Override
        public void setNodePoolSize(SetNodePoolSizeRequest request, StreamObserver<com.google.container.v1.Operation> out) {
            if (denyGke) {
                fail(out, Status.PERMISSION_DENIED, "Required \"container.clusters.update\" permission(s) for \"" + request.getName() + "\".");
                return;
            }
            mutations.add("gke.setNodePoolSize " + request.getName() + " " + request.getNodeCount());
            reply(out, startGkeOp(() -> poolSizes.put(request.getName(), request.getNodeCount())));
        }

        @Override
        public void deleteCluster(DeleteClusterRequest request, StreamObserver<com.google.container.v1.Operation> out) {
            mutations.add("gke.deleteCluster " + request.getName());
            reply(out, startGkeOp(() -> clusters.remove(request.getName())));
        }

        @Override
        public void getOperation(com.google.container.v1.GetOperationRequest request, StreamObserver<com.google.container.v1.Operation> out) {
            String id = request.getName().substring(request.getName().lastIndexOf('/') + 1);
            PendingGkeOp op = gkeOps.get(id);
            if (op == null || !request.getName().startsWith("projects/")) {
                fail(out, Status.NOT_FOUND, "no operation " + request.getName());
                return;
            }
            int polls = ++op.polls()[0];
            if (polls == POLLS_UNTIL_DONE) {
                op.effect().run();
            }
            reply(out, com.google.container.v1.Operation.newBuilder().setName(id).setStatus(polls >= POLLS_UNTIL_DONE
                    ? com.google.container.v1.Operation.Status.DONE : com.google.container.v1.Operation.Status.RUNNING).build());
        }
    }

    private final class Usage extends ServiceUsageGrpc.ServiceUsageImplBase {
        @Override
        public void getService(GetServiceRequest request, StreamObserver<Service> out) {
            reply(out, Service.newBuilder().setName(request.getName()).setState(services.getOrDefault(request.getName(), State.DISABLED)).build());
        }

        @Override
        public void batchEnableServices(BatchEnableServicesRequest request, StreamObserver<Operation> out) {
            mutations.add("serviceusage.batchEnable " + String.join(",", request.getServiceIdsList()));
            reply(out, startLongOp(() -> request.getServiceIdsList().forEach(id -> services.put(request.getParent() + "/services/" + id, State.ENABLED)),
                    com.google.api.serviceusage.v1.BatchEnableServicesResponse.getDefaultInstance()));
        }
    }

    private final class Registry extends ArtifactRegistryGrpc.ArtifactRegistryImplBase {
        @Override
        public void getRepository(GetRepositoryRequest request, StreamObserver<Repository> out) {
            Repository r = repositories.get(request.getName());
            if (r == null) {
                fail(out, Status.NOT_FOUND, "Requested entity was not found.");
            } else {
                reply(out, r);
            }
        }

        @Override
        public void createRepository(CreateRepositoryRequest request, StreamObserver<Operation> out) {
            String name = request.getParent() + "/repositories/" + request.getRepositoryId();
            mutations.add("artifactregistry.createRepository " + name);
            Repository repo = request.getRepository().toBuilder().setName(name).build();
            reply(out, startLongOp(() -> repositories.put(name, repo), repo));
        }

        @Override
        public void deleteRepository(DeleteRepositoryRequest request, StreamObserver<Operation> out) {
            mutations.add("artifactregistry.deleteRepository " + request.getName());
            reply(out, startLongOp(() -> repositories.remove(request.getName()), Empty.getDefaultInstance()));
        }

        @Override
        public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> out) {
            if (!repositories.containsKey(request.getResource())) {
                fail(out, Status.NOT_FOUND, "Requested entity was not found.");
                return;
            }
            reply(out, policies.getOrDefault(request.getResource(), Policy.newBuilder().setEtag(ByteString.copyFromUtf8("e0")).build()));
        }

        @Override
        public void setIamPolicy(SetIamPolicyRequest request, StreamObserver<Policy> out) {
            mutations.add("artifactregistry.setIamPolicy " + request.getResource());
            policies.put(request.getResource(), request.getPolicy());
            reply(out, request.getPolicy());
        }

        @Override
        public void getTag(GetTagRequest request, StreamObserver<Tag> out) {
            if (tags.contains(request.getName())) {
                reply(out, Tag.newBuilder().setName(request.getName()).build());
            } else {
                fail(out, Status.NOT_FOUND, "Requested entity was not found.");
            }
        }
    }

    private final class Iam extends IAMGrpc.IAMImplBase {
        @Override
        public void getServiceAccount(GetServiceAccountRequest request, StreamObserver<ServiceAccount> out) {
            ServiceAccount a = accounts.get(request.getName());
            if (a == null) {
                fail(out, Status.NOT_FOUND, "Unknown service account");
            } else {
                reply(out, a);
            }
        }

        @Override
        public void createServiceAccount(CreateServiceAccountRequest request, StreamObserver<ServiceAccount> out) {
            String project = request.getName().substring("projects/".length());
            String email = request.getAccountId() + "@" + project + ".iam.gserviceaccount.com";
            String name = request.getName() + "/serviceAccounts/" + email;
            if (accounts.containsKey(name)) {
                fail(out, Status.ALREADY_EXISTS, "Service account " + request.getAccountId() + " already exists within project " + name);
                return;
            }
            mutations.add("iam.createServiceAccount " + email);
            ServiceAccount a = request.getServiceAccount().toBuilder().setName(name).setEmail(email).setProjectId(project).build();
            accounts.put(name, a);
            reply(out, a);
        }

        @Override
        public void deleteServiceAccount(DeleteServiceAccountRequest request, StreamObserver<Empty> out) {
            mutations.add("iam.deleteServiceAccount " + request.getName());
            accounts.remove(request.getName());
            reply(out, Empty.getDefaultInstance());
        }

        @Override
        public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> out) {
            if (!accounts.containsKey(request.getResource())) {
                fail(out, Status.NOT_FOUND, "Service account " + request.getResource() + " does not exist.");
                return;
            }
            reply(out, policies.getOrDefault(request.getResource(), Policy.newBuilder().setEtag(ByteString.copyFromUtf8("e0")).build()));
        }

        @Override
        public void setIamPolicy(SetIamPolicyRequest request, StreamObserver<Policy> out) {
            if (accountPolicyNotFound.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                mutations.add("iam.setIamPolicy(refused: not yet propagated) " + request.getResource());
                fail(out, Status.NOT_FOUND, "Service account " + request.getResource() + " does not exist.");
                return;
            }
            mutations.add("iam.setIamPolicy " + request.getResource());
            policies.put(request.getResource(), request.getPolicy());
            reply(out, request.getPolicy());
        }
    }

    private final class Projects extends ProjectsGrpc.ProjectsImplBase {
        @Override
        public void testIamPermissions(TestIamPermissionsRequest request, StreamObserver<TestIamPermissionsResponse> out) {
            Set<String> held = new HashSet<>(request.getPermissionsList());
            if (granted != null) {
                held.retainAll(granted);
            }
            reply(out, TestIamPermissionsResponse.newBuilder().addAllPermissions(request.getPermissionsList().stream().filter(held::contains).toList()).build());
        }

        @Override
        public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> out) {
            reply(out, policies.getOrDefault(request.getResource(), Policy.newBuilder().setVersion(1).setEtag(ByteString.copyFromUtf8("p0"))
                    .addBindings(com.google.iam.v1.Binding.newBuilder().setRole("roles/owner").addMembers("user:owner@example.com")).build()));
        }

        @Override
        public void setIamPolicy(SetIamPolicyRequest request, StreamObserver<Policy> out) {
            mutations.add("resourcemanager.setIamPolicy " + request.getResource());
            policies.put(request.getResource(), request.getPolicy());
            reply(out, request.getPolicy());
        }
    }
}
