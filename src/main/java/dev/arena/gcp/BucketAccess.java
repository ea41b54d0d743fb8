package dev.arena.gcp;

import com.google.cloud.Binding;
import com.google.cloud.Condition;
import com.google.cloud.Policy;
import dev.arena.store.RunLayout;
import dev.arena.store.Stores;

import java.util.ArrayList;
import java.util.List;

/**
 * What the evaluator pods' Google service account may do in the bucket, as IAM Conditions on
 * object names (bucket policy version 3; GCS names objects {@code projects/_/buckets/BUCKET/objects/NAME}):
 * <ul>
 *   <li>read {@code datasets/} (the archives it evaluates; the grader in the pod needs their hidden tests and gold patch);</li>
 *   <li>read {@code agents/} (the coding-agent CLI tarballs {@code arena run} uploads for a cluster run of
 *       claude-code or codex; the pod checks each against the hash run.json pins);</li>
 *   <li>read only the plans and results under {@code runs/} ({@code run.json}: the plan it evaluates; {@code result.json}:
 *       whether its item already has one), not the patches, logs and trajectories of any run;</li>
 *   <li>create, never overwrite or delete (objectCreator has {@code storage.objects.create} without
 *       {@code storage.objects.delete}, which GCS requires to replace an object), any object under {@code runs/}
 *       except a run's plan, summary and report.</li>
 * </ul>
 * A condition cannot name "the pod's own run" (every pod acts as the same account), and
 * {@code storage.objects.list} is checked on the bucket, not on an object name, so no prefix
 * condition grants it: the pods list nothing. docs/ARCHITECTURE.md ("Least privilege in Google Cloud") says what this leaves open.
 */
final class BucketAccess {
    static final String VIEWER = "roles/storage.objectViewer";
    static final String CREATOR = "roles/storage.objectCreator";
    /** The unconditional grant setup made before conditions: read, overwrite and delete anything. Setup removes it. */
    static final String LEGACY_ROLE = "roles/storage.objectAdmin";
    /** The IAM policy version that carries conditions. */
    static final int POLICY_VERSION = 3;

    /** One conditional binding of the pods' account. */
    record Grant(String role, String title, String description, String expression) {
        Binding binding(String member) {
            return Binding.newBuilder().setRole(role).setMembers(List.of(member)).setCondition(condition()).build();
        }

        Condition condition() {
            return Condition.newBuilder().setTitle(title).setDescription(description).setExpression(expression).build();
        }

        /** The binding grants this (same role, condition title and expression); its members are not looked at. */
        boolean sameAs(Binding b) {
            return b.getRole().equals(role) && b.getCondition() != null && title.equals(b.getCondition().getTitle())
                    && expression.equals(b.getCondition().getExpression());
        }
    }

    /** How a bucket policy stands for the pods' account. */
    record Review(List<Grant> missing, boolean legacy, List<String> broad) {
        boolean complete() {
            return missing.isEmpty() && !legacy;
        }
    }

    private BucketAccess() {
    }

    /** The prefix GCS gives the names of the bucket's objects in IAM Conditions. */
    static String objects(String bucket) {
        return "projects/_/buckets/" + bucket + "/objects/";
    }

    static List<Grant> grants(String bucket) {
        String datasets = startsWith(objects(bucket) + Stores.DATASETS_PREFIX);
        String runs = startsWith(objects(bucket) + Stores.RUNS_PREFIX);
        return List.of(
                new Grant(VIEWER, "arena-pods-read-datasets", "arena evaluator pods: read the dataset archives", datasets),
                new Grant(VIEWER, "arena-pods-read-agent-tarballs", "arena evaluator pods: read the agent CLI tarballs runs pin",
                        startsWith(objects(bucket) + Stores.AGENTS_PREFIX)),
                new Grant(VIEWER, "arena-pods-read-plans-and-results",
                        "arena evaluator pods: read run plans and result.json files, nothing else of a run",
                        runs + " && (" + endsWith(RunLayout.PLAN) + " || " + endsWith(RunLayout.RESULT) + ")"),
                new Grant(CREATOR, "arena-pods-create-results",
                        "arena evaluator pods: create (never overwrite or delete) attempt files; not plans, summaries, reports",
                        runs + " && !" + endsWith(RunLayout.PLAN) + " && !" + endsWith(RunLayout.SUMMARY) + " && !" + endsWith(RunLayout.REPORT)));
    }

    private static String startsWith(String prefix) {
        return "resource.name.startsWith(\"" + prefix + "\")";
    }

    private static String endsWith(String fileName) {
        return "resource.name.endsWith(\"/" + fileName + "\")";
    }

    static String member(SetupConfig c) {
        return "serviceAccount:" + c.serviceAccountEmail();
    }

    /**
     * What the policy lacks for the member, whether it still has the legacy grant, and which other
     * unconditional Cloud Storage roles it holds on the whole bucket (arena never grants those).
     */
    static Review review(Policy policy, String bucket, String member) {
        List<Grant> missing = new ArrayList<>();
        for (Grant g : grants(bucket)) {
            if (policy.getBindingsList().stream().noneMatch(b -> g.sameAs(b) && b.getMembers().contains(member))) {
                missing.add(g);
            }
        }
        boolean legacy = false;
        List<String> broad = new ArrayList<>();
        for (Binding b : policy.getBindingsList()) {
            if (b.getCondition() == null && b.getMembers().contains(member) && b.getRole().startsWith("roles/storage.")) {
                if (b.getRole().equals(LEGACY_ROLE)) {
                    legacy = true;
                } else if (!broad.contains(b.getRole())) {
                    broad.add(b.getRole());
                }
            }
        }
        return new Review(missing, legacy, broad);
    }

    /** The policy with the member's legacy grant removed and the missing grants added, as version 3; other bindings stay. */
    static Policy granted(Policy policy, String bucket, String member) {
        List<Binding> bindings = withoutMember(policy, member, b -> b.getCondition() == null && b.getRole().equals(LEGACY_ROLE));
        for (Grant g : review(policy, bucket, member).missing()) {
            bindings.add(g.binding(member));
        }
        return policy.toBuilder().setBindings(bindings).setVersion(POLICY_VERSION).build();
    }

    /** The policy without the member's conditional grants and legacy grant (teardown). */
    static Policy revoked(Policy policy, String bucket, String member) {
        List<Grant> grants = grants(bucket);
        List<Binding> bindings = withoutMember(policy, member, b -> grants.stream().anyMatch(g -> g.sameAs(b))
                || b.getCondition() == null && b.getRole().equals(LEGACY_ROLE));
        return policy.toBuilder().setBindings(bindings).setVersion(POLICY_VERSION).build();
    }

    /** Whether the member holds any of arena's grants, conditional or legacy. */
    static boolean holdsAny(Policy policy, String bucket, String member) {
        Review r = review(policy, bucket, member);
        return r.legacy() || r.missing().size() < grants(bucket).size();
    }

    private static List<Binding> withoutMember(Policy policy, String member, java.util.function.Predicate<Binding> which) {
        List<Binding> out = new ArrayList<>();
        for (Binding b : policy.getBindingsList()) {
            if (which.test(b) && b.getMembers().contains(member)) {
                Binding rest = b.toBuilder().removeMembers(member).build();
                if (!rest.getMembers().isEmpty()) {
                    out.add(rest);
                }
            } else {
                out.add(b);
            }
        }
        return out;
    }
}
