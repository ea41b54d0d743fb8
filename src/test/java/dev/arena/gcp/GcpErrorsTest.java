package dev.arena.gcp;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ApiExceptionFactory;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GcpErrorsTest {
    private static ApiException error(Status.Code code, String message) {
        return ApiExceptionFactory.createException(message, null, GrpcStatusCode.of(code), false);
    }

    @Test
    void permissionDeniedNamesTheRoleAndTheGrantCommand() {
        var e = GcpErrors.translate(error(Status.Code.PERMISSION_DENIED, "Permission 'artifactregistry.repositories.create' denied"),
                "create repository r", "roles/artifactregistry.admin", "p1", "user:me@example.com");

        assertEquals("cannot create repository r: permission denied, roles/artifactregistry.admin is missing; grant it with"
                + " `gcloud projects add-iam-policy-binding p1 --member=user:me@example.com --role=roles/artifactregistry.admin`", e.getMessage());
    }

    @Test
    void anUnreachableServiceIsOneLineWithoutTheExceptionClass() {
        var e = GcpErrors.translate(error(Status.Code.UNAVAILABLE, "io.grpc.StatusRuntimeException: UNAVAILABLE: Unable to resolve host x"),
                "create cluster c", "roles/container.admin", "p1", "user:me@example.com");

        assertEquals("cannot create cluster c: Google Cloud did not answer (UNAVAILABLE: Unable to resolve host x); check the network"
                + " and proxy settings, then run the command again", e.getMessage());
    }

    @Test
    void aDisabledApiIsNamedWithTheCommandThatEnablesIt() {
        var e = GcpErrors.translate(error(Status.Code.PERMISSION_DENIED, "Cloud Resource Manager API has not been used in project 123"
                        + " before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/"
                        + "cloudresourcemanager.googleapis.com/overview?project=123 then retry."),
                "check your permissions", "roles/browser", "p1", "user:me@example.com");

        assertEquals("cannot check your permissions: cloudresourcemanager.googleapis.com is not enabled in project p1; enable it with"
                + " `gcloud services enable cloudresourcemanager.googleapis.com --project p1`", e.getMessage());
    }
}
