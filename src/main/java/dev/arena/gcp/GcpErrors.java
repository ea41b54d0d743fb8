package dev.arena.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.storage.StorageException;
import dev.arena.ArenaException;
import dev.arena.ExitCode;

/**
 * Turns the Google clients' exceptions into one line that says what failed and how to fix it:
 * for a refused call, the role that allows it and the one command that grants it.
 */
final class GcpErrors {
    /** Google names the disabled API in a console link: .../apis/api/container.googleapis.com/overview?project=... */
    private static final java.util.regex.Pattern DISABLED_API = java.util.regex.Pattern.compile("apis/api/([a-z0-9.-]+\\.googleapis\\.com)");
    private GcpErrors() {
    }

    static boolean is(ApiException e, StatusCode.Code code) {
        return e.getStatusCode().getCode() == code;
    }

    static boolean notFound(ApiException e) {
        return is(e, StatusCode.Code.NOT_FOUND);
    }

    /** The resource, or empty when the API answers NOT_FOUND. */
    static <T> java.util.Optional<T> found(java.util.function.Supplier<T> read) {
        try {
            return java.util.Optional.of(read.get());
        } catch (ApiException e) {
            if (notFound(e)) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /** The command that grants {@code role} on the project to {@code member}. */
    static String grant(String project, String member, String role) {
        return "gcloud projects add-iam-policy-binding " + project + " --member=" + member + " --role=" + role;
    }

    static ArenaException translate(ApiException e, String action, String role, String project, String member) {
        String message = firstLine(e.getMessage());
        if (is(e, StatusCode.Code.PERMISSION_DENIED) || is(e, StatusCode.Code.UNAUTHENTICATED)) {
            if (message.contains("SERVICE_DISABLED") || message.contains("has not been used") || message.contains("it is disabled")) {
                java.util.regex.Matcher api = DISABLED_API.matcher(String.valueOf(e.getMessage()));
                return new ArenaException(ExitCode.ENVIRONMENT, "cannot " + action + ": " + (api.find() ? api.group(1) : "an API")
                        + " is not enabled in project " + project + "; enable it with `gcloud services enable "
                        + (api.find(0) ? api.group(1) : "SERVICE") + " --project " + project + "`", e);
            }
            if (is(e, StatusCode.Code.UNAUTHENTICATED)) {
                return new ArenaException(ExitCode.ENVIRONMENT, "cannot " + action + ": the credentials were refused; run"
                        + " `gcloud auth application-default login`", e);
            }
            return new ArenaException(ExitCode.ENVIRONMENT, "cannot " + action + ": permission denied, " + role
                    + " is missing; grant it with `" + grant(project, member, role) + "`", e);
        }
        String reason = message.replaceFirst("^io\\.grpc\\.StatusRuntimeException: ", "");
        if (is(e, StatusCode.Code.UNAVAILABLE) || is(e, StatusCode.Code.DEADLINE_EXCEEDED)) {
            return new ArenaException(ExitCode.ENVIRONMENT, "cannot " + action + ": Google Cloud did not answer (" + reason
                    + "); check the network and proxy settings, then run the command again", e);
        }
        return new ArenaException(ExitCode.ENVIRONMENT, "cannot " + action + ": " + reason, e);
    }

    static ArenaException translate(StorageException e, String action, String project, String member) {
        if (e.getCode() == 403) {
            return new ArenaException(ExitCode.ENVIRONMENT, "cannot " + action + ": permission denied, roles/storage.admin"
                    + " is missing; grant it with `" + grant(project, member, "roles/storage.admin") + "`", e);
        }
        if (e.getCode() == 401) {
            return new ArenaException(ExitCode.ENVIRONMENT, "cannot " + action + ": the credentials were refused; run"
                    + " `gcloud auth application-default login`", e);
        }
        if (e.getCode() == 0) { // no HTTP answer at all: a network or token problem
            return new ArenaException(ExitCode.ENVIRONMENT, "cannot " + action + ": Google Cloud did not answer (" + firstLine(e.getMessage())
                    + "); check the network and your credentials (`gcloud auth application-default login`)", e);
        }
        return new ArenaException(ExitCode.ENVIRONMENT, "cannot " + action + ": HTTP " + e.getCode() + " " + firstLine(e.getMessage()), e);
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
