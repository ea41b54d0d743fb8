package dev.arena.store;

import com.google.cloud.storage.StorageException;
import dev.arena.ArenaException;
import dev.arena.ExitCode;

/** Turns the storage client's exceptions into one line that says what to do. */
final class GcsErrors {
    private GcsErrors() {
    }

    static ArenaException translate(StorageException e, String what) {
        String reason = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        String hint = switch (e.getCode()) {
            case 401 -> "the credentials were refused: run `gcloud auth application-default login`"
                    + " or set GOOGLE_APPLICATION_CREDENTIALS";
            case 403 -> "permission denied: the account needs roles/storage.objectAdmin on the bucket"
                    + " (gcloud storage buckets add-iam-policy-binding gs://BUCKET --member=... --role=roles/storage.objectAdmin)";
            case 404 -> "the bucket does not exist (check --bucket / ARENA_BUCKET)";
            default -> reason;
        };
        return new ArenaException(ExitCode.ENVIRONMENT, "cannot " + what + ": " + hint, e);
    }
}
