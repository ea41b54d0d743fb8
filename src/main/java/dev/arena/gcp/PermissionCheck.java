package dev.arena.gcp;

import com.google.api.gax.rpc.ApiException;
import dev.arena.ArenaException;
import dev.arena.ExitCode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asks the project, before anything changes, whether the caller holds every permission a
 * command needs (Resource Manager's testIamPermissions), so a missing role stops setup at the
 * start with the command that grants it instead of half-way through.
 */
final class PermissionCheck {
    /** A permission and the predefined role that carries it. */
    record Needed(String permission, String role) {
    }

    static final List<Needed> SETUP = List.of(
            new Needed("serviceusage.services.get", "roles/serviceusage.serviceUsageAdmin"),
            new Needed("serviceusage.services.enable", "roles/serviceusage.serviceUsageAdmin"),
            new Needed("storage.buckets.get", "roles/storage.admin"),
            new Needed("storage.buckets.create", "roles/storage.admin"),
            new Needed("storage.buckets.getIamPolicy", "roles/storage.admin"),
            new Needed("storage.buckets.setIamPolicy", "roles/storage.admin"),
            new Needed("artifactregistry.repositories.get", "roles/artifactregistry.admin"),
            new Needed("artifactregistry.repositories.create", "roles/artifactregistry.admin"),
            new Needed("artifactregistry.repositories.getIamPolicy", "roles/artifactregistry.admin"),
            new Needed("artifactregistry.repositories.setIamPolicy", "roles/artifactregistry.admin"),
            new Needed("iam.serviceAccounts.get", "roles/iam.serviceAccountAdmin"),
            new Needed("iam.serviceAccounts.create", "roles/iam.serviceAccountAdmin"),
            new Needed("iam.serviceAccounts.getIamPolicy", "roles/iam.serviceAccountAdmin"),
            new Needed("iam.serviceAccounts.setIamPolicy", "roles/iam.serviceAccountAdmin"),
            // creating a cluster whose nodes run as the node service account setup makes
            new Needed("iam.serviceAccounts.actAs", "roles/iam.serviceAccountUser"),
            // the node service account's roles (logging, monitoring) are granted on the project
            new Needed("resourcemanager.projects.getIamPolicy", "roles/resourcemanager.projectIamAdmin"),
            new Needed("resourcemanager.projects.setIamPolicy", "roles/resourcemanager.projectIamAdmin"),
            new Needed("container.clusters.get", "roles/container.admin"),
            new Needed("container.clusters.create", "roles/container.admin"),
            new Needed("container.operations.get", "roles/container.admin"));

    static final List<Needed> TEARDOWN = List.of(
            new Needed("container.clusters.get", "roles/container.admin"),
            new Needed("container.clusters.delete", "roles/container.admin"),
            new Needed("container.operations.get", "roles/container.admin"),
            new Needed("artifactregistry.repositories.get", "roles/artifactregistry.admin"),
            new Needed("artifactregistry.repositories.delete", "roles/artifactregistry.admin"),
            new Needed("iam.serviceAccounts.get", "roles/iam.serviceAccountAdmin"),
            new Needed("iam.serviceAccounts.delete", "roles/iam.serviceAccountAdmin"),
            new Needed("resourcemanager.projects.getIamPolicy", "roles/resourcemanager.projectIamAdmin"),
            new Needed("resourcemanager.projects.setIamPolicy", "roles/resourcemanager.projectIamAdmin"),
            new Needed("storage.buckets.get", "roles/storage.admin"),
            new Needed("storage.buckets.getIamPolicy", "roles/storage.admin"),
            new Needed("storage.buckets.setIamPolicy", "roles/storage.admin"),
            new Needed("storage.buckets.delete", "roles/storage.admin"),
            new Needed("storage.objects.list", "roles/storage.admin"),
            new Needed("storage.objects.delete", "roles/storage.admin"));

    private final GcpClients clients;

    PermissionCheck(GcpClients clients) {
        this.clients = clients;
    }

    /** The needed permissions the caller lacks, grouped by the role that grants them (empty: all held). */
    Map<String, List<String>> missing(String project, List<Needed> needed) {
        Set<String> asked = new LinkedHashSet<>();
        needed.forEach(n -> asked.add(n.permission()));
        Set<String> held;
        try {
            held = new HashSet<>(clients.projects().testIamPermissions("projects/" + project, new ArrayList<>(asked)).getPermissionsList());
        } catch (ApiException e) {
            if (GcpErrors.notFound(e)) {
                throw ArenaException.usage("project " + project + " does not exist or you cannot see it; check --project");
            }
            // a disabled Cloud Resource Manager API comes back as PERMISSION_DENIED naming it: GcpErrors says how to enable it
            throw GcpErrors.translate(e, "check your permissions on project " + project, "roles/browser", project, clients.member());
        }
        Map<String, List<String>> byRole = new LinkedHashMap<>();
        for (Needed n : needed) {
            if (!held.contains(n.permission())) {
                byRole.computeIfAbsent(n.role(), r -> new ArrayList<>()).add(n.permission());
            }
        }
        return byRole;
    }

    /** Fails with one line naming each missing role, its permissions and the commands that grant them. */
    void require(String project, List<Needed> needed) {
        Map<String, List<String>> missing = missing(project, needed);
        if (!missing.isEmpty()) {
            throw new ArenaException(ExitCode.ENVIRONMENT, describe(project, missing));
        }
    }

    String describe(String project, Map<String, List<String>> missing) {
        List<String> parts = new ArrayList<>();
        missing.forEach((role, perms) -> parts.add(role + " (for " + String.join(", ", perms) + "): `"
                + GcpErrors.grant(project, clients.member(), role) + "`"));
        return "missing permissions on project " + project + "; grant " + String.join("; ", parts);
    }
}
