package dev.arena.gcp;

import dev.arena.Sleeper;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.storage.StorageException;
import dev.arena.ArenaException;
import dev.arena.ExitCode;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Retries an IAM change while Google's IAM has not yet seen a service account or identity pool
 * that was just created: for a minute or two such a member answers NOT_FOUND or "does not
 * exist". Waits double from one second up to 30 seconds, about three minutes in all; any other
 * error goes straight through.
 */
final class IamRetry {
    static final int ATTEMPTS = 10;
    private static final Duration FIRST = Duration.ofSeconds(1);
    private static final Duration LONGEST = Duration.ofSeconds(30);

    private final Sleeper sleeper;
    private final Consumer<String> log;

    IamRetry(Sleeper sleeper, Consumer<String> log) {
        this.sleeper = sleeper;
        this.log = log;
    }

    <T> T run(String what, Supplier<T> change) throws InterruptedException {
        Duration wait = FIRST;
        for (int attempt = 1; ; attempt++) {
            try {
                return change.get();
            } catch (RuntimeException e) {
                if (!notPropagated(e) || attempt == ATTEMPTS) {
                    if (notPropagated(e)) {
                        throw new ArenaException(ExitCode.ENVIRONMENT, "cannot " + what + ": IAM still answers '"
                                + GcpErrors.firstLine(e.getMessage()) + "' after " + ATTEMPTS + " attempts; run `arena setup` again in a few minutes", e);
                    }
                    throw e;
                }
                log.accept("waiting for IAM to see the new identity (" + what + "), retry " + attempt + " in " + wait.toSeconds() + "s");
                sleeper.sleep(wait);
                wait = wait.multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : wait.multipliedBy(2);
            }
        }
    }

    /** The errors a freshly made identity causes until IAM has propagated it. */
    static boolean notPropagated(RuntimeException e) {
        if (e instanceof ApiException api) {
            StatusCode.Code code = api.getStatusCode().getCode();
            return code == StatusCode.Code.NOT_FOUND
                    || (code == StatusCode.Code.INVALID_ARGUMENT || code == StatusCode.Code.FAILED_PRECONDITION) && saysMissing(e);
        }
        if (e instanceof StorageException s) {
            return (s.getCode() == 400 || s.getCode() == 404) && saysMissing(e);
        }
        return false;
    }

    private static boolean saysMissing(RuntimeException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        return m.contains("does not exist") || m.contains("not found");
    }
}
