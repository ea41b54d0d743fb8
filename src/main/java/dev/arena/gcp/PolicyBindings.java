package dev.arena.gcp;

import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;

import java.util.Optional;

/** Adding one member to one role of an IAM policy, keeping every other binding and the etag. */
final class PolicyBindings {
    private PolicyBindings() {
    }

    static boolean has(Policy policy, String role, String member) {
        return policy.getBindingsList().stream()
                .anyMatch(b -> b.getRole().equals(role) && !b.hasCondition() && b.getMembersList().contains(member));
    }

    /** The policy without the member in the role's unconditional binding (dropped when it empties), or empty when it is not there. */
    static Optional<Policy> withoutMember(Policy policy, String role, String member) {
        if (!has(policy, role, member)) {
            return Optional.empty();
        }
        Policy.Builder b = policy.toBuilder().clearBindings();
        for (Binding binding : policy.getBindingsList()) {
            if (binding.getRole().equals(role) && !binding.hasCondition() && binding.getMembersList().contains(member)) {
                java.util.List<String> rest = new java.util.ArrayList<>(binding.getMembersList());
                rest.remove(member);
                if (!rest.isEmpty()) {
                    b.addBindings(binding.toBuilder().clearMembers().addAllMembers(rest));
                }
            } else {
                b.addBindings(binding);
            }
        }
        return Optional.of(b.build());
    }

    /** The policy with the member added, or empty when it already holds the role unconditionally. */
    static Optional<Policy> withMember(Policy policy, String role, String member) {
        if (has(policy, role, member)) {
            return Optional.empty();
        }
        Policy.Builder b = policy.toBuilder();
        for (int i = 0; i < b.getBindingsCount(); i++) {
            Binding binding = b.getBindings(i);
            if (binding.getRole().equals(role) && !binding.hasCondition()) {
                b.setBindings(i, binding.toBuilder().addMembers(member));
                return Optional.of(b.build());
            }
        }
        return Optional.of(b.addBindings(Binding.newBuilder().setRole(role).addMembers(member)).build());
    }
}
