package dev.arena.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.api.serviceusage.v1.ServiceUsageClient;
import com.google.api.serviceusage.v1.ServiceUsageSettings;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.cloud.iam.admin.v1.IAMClient;
import com.google.cloud.iam.admin.v1.IAMSettings;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.cloud.resourcemanager.v3.ProjectsSettings;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.devtools.artifactregistry.v1.ArtifactRegistrySettings;
import dev.arena.ArenaException;
import dev.arena.ExitCode;

import java.io.IOException;
import java.util.List;

/**
 * The Google Cloud clients setup, teardown and doctor use. Production builds them over the
 * default endpoints with application default credentials; tests build the same clients over
 * one in-process gRPC channel without credentials and a storage client pointed at a test server.
 */
public final class GcpClients implements AutoCloseable {
    private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    // gRPC logs failed connections with stack traces through java.util.logging; arena reports them as one line instead
    private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

    static {
        GRPC_LOG.setLevel(java.util.logging.Level.OFF);
    }

    private final ClusterManagerClient gke;
    private final ServiceUsageClient serviceUsage;
    private final ArtifactRegistryClient artifactRegistry;
    private final IAMClient iam;
    private final ProjectsClient projects;
    private final Storage storage;
    private final String member;

    private GcpClients(ClusterManagerClient gke, ServiceUsageClient serviceUsage, ArtifactRegistryClient artifactRegistry,
                       IAMClient iam, ProjectsClient projects, Storage storage, String member) {
        this.gke = gke;
        this.serviceUsage = serviceUsage;
        this.artifactRegistry = artifactRegistry;
        this.iam = iam;
        this.projects = projects;
        this.storage = storage;
        this.member = member;
    }

    /**
     * Clients with application default credentials. Calls are billed to {@code project}'s quota,
     * which user credentials need for Service Usage and Resource Manager.
     */
    public static GcpClients applicationDefault(String project) {
        GoogleCredentials credentials;
        try {
            credentials = GoogleCredentials.getApplicationDefault().createScoped(List.of(SCOPE));
        } catch (IOException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "no Google application default credentials: run"
                    + " `gcloud auth application-default login` (" + e.getMessage() + ")", e);
        }
        CredentialsProvider provider = FixedCredentialsProvider.create(credentials);
        try {
            return new GcpClients(
                    ClusterManagerClient.create(ClusterManagerSettings.newBuilder().setCredentialsProvider(provider).setQuotaProjectId(project).build()),
                    ServiceUsageClient.create(ServiceUsageSettings.newBuilder().setCredentialsProvider(provider).setQuotaProjectId(project).build()),
                    ArtifactRegistryClient.create(ArtifactRegistrySettings.newBuilder().setCredentialsProvider(provider).setQuotaProjectId(project).build()),
                    IAMClient.create(IAMSettings.newBuilder().setCredentialsProvider(provider).setQuotaProjectId(project).build()),
                    ProjectsClient.create(ProjectsSettings.newBuilder().setCredentialsProvider(provider).setQuotaProjectId(project).build()),
                    StorageOptions.newBuilder().setProjectId(project).setCredentials(credentials).build().getService(),
                    member(credentials));
        } catch (IOException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot open the Google Cloud clients: " + e.getMessage(), e);
        }
    }

    /** The same clients over one gRPC transport without credentials (an in-process test server), and the given storage. */
    public static GcpClients over(TransportChannelProvider channel, Storage storage, String member) {
        CredentialsProvider none = NoCredentialsProvider.create();
        try {
            return new GcpClients(
                    ClusterManagerClient.create(ClusterManagerSettings.newBuilder().setTransportChannelProvider(channel).setCredentialsProvider(none).build()),
                    ServiceUsageClient.create(ServiceUsageSettings.newBuilder().setTransportChannelProvider(channel).setCredentialsProvider(none).build()),
                    ArtifactRegistryClient.create(ArtifactRegistrySettings.newBuilder().setTransportChannelProvider(channel).setCredentialsProvider(none).build()),
                    IAMClient.create(IAMSettings.newBuilder().setTransportChannelProvider(channel).setCredentialsProvider(none).build()),
                    ProjectsClient.create(ProjectsSettings.newBuilder().setTransportChannelProvider(channel).setCredentialsProvider(none).build()),
                    storage, member);
        } catch (IOException e) {
            throw new IllegalStateException("cannot build clients over the test channel", e);
        }
    }

    /** Who the credentials are, as an IAM member for the grant commands we print. */
    private static String member(GoogleCredentials credentials) {
        if (credentials instanceof ServiceAccountCredentials sa) {
            return "serviceAccount:" + sa.getClientEmail();
        }
        return "user:$(gcloud config get-value account)";
    }

    public ClusterManagerClient gke() {
        return gke;
    }

    public ServiceUsageClient serviceUsage() {
        return serviceUsage;
    }

    public ArtifactRegistryClient artifactRegistry() {
        return artifactRegistry;
    }

    public IAMClient iam() {
        return iam;
    }

    public ProjectsClient projects() {
        return projects;
    }

    public Storage storage() {
        return storage;
    }

    /** The caller as an IAM member (user:... or serviceAccount:...), for the commands in error messages. */
    public String member() {
        return member;
    }

    @Override
    public void close() {
        gke.close();
        serviceUsage.close();
        artifactRegistry.close();
        iam.close();
        projects.close();
        try {
            storage.close();
        } catch (Exception e) {
            // nothing is left to flush; a failing close must not hide the command's outcome
        }
    }
}
