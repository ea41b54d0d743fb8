package dev.arena.gcp;

import dev.arena.Sleeper;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.arena.ArenaException;
import dev.arena.ExitCode;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Right after setup enables an API, Google may still refuse calls to it as "has not been used in
 * project ... or it is disabled" (SERVICE_DISABLED) for a minute or two while the enablement
 * spreads. Setup retries a step that meets exactly that error, and only when it enabled APIs in
 * the same run; everything else goes straight through. Waits double from 2 to 30 seconds, about
 * four minutes in all.
 */
final class FreshApiRetry {
    static final int ATTEMPTS = 10;
    private static final Duration FIRST = Duration.ofSeconds(2);
    private static final Duration LONGEST = Duration.ofSeconds(30);

    /** A setup step. */
    interface Step<T> {
        T run() throws InterruptedException;
    }

    private final Sleeper sleeper;
    private final Consumer<String> log;

    FreshApiRetry(Sleeper sleeper, Consumer<String> log) {
        this.sleeper = sleeper;
        this.log = log;
    }

    <T> T run(String what, Step<T> step) throws InterruptedException {
        Duration wait = FIRST;
        for (int attempt = 1; ; attempt++) {
            try {
                return step.run();
            } catch (RuntimeException e) {
                if (!stillDisabled(e) || attempt == ATTEMPTS) {
                    if (stillDisabled(e)) {
                        throw new ArenaException(ExitCode.ENVIRONMENT, "cannot " + what + ": the API enabled a moment ago is still"
                                + " reported disabled after " + ATTEMPTS + " attempts; run `arena setup` again in a few minutes", e);
                    }
                    throw e;
                }
                log.accept("waiting for the newly enabled API (" + what + "), retry " + attempt + " in " + wait.toSeconds() + "s");
                sleeper.sleep(wait);
                wait = wait.multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : wait.multipliedBy(2);
            }
        }
    }

    /** The error of a call to an API whose enablement has not reached it yet, raw or as setup translated it. */
    static boolean stillDisabled(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiException api && api.getStatusCode().getCode() == StatusCode.Code.PERMISSION_DENIED) {
                String m = String.valueOf(api.getMessage()).toLowerCase(Locale.ROOT);
                return m.contains("service_disabled") || m.contains("has not been used") || m.contains("it is disabled");
            }
        }
        return false;
    }
}
