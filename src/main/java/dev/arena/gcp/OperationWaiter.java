package dev.arena.gcp;

import dev.arena.Sleeper;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.container.v1.Operation;
import com.google.longrunning.OperationsClient;
import dev.arena.ArenaException;
import dev.arena.ExitCode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Polls a long operation until it is done, saying on the log what it waits for and how long it
 * has taken (a cluster takes minutes). GKE has its own Operation type; Service Usage and
 * Artifact Registry use google.longrunning's.
 */
final class OperationWaiter {
    private static final Duration REPORT_EVERY = Duration.ofSeconds(30);

    private final Sleeper sleeper;
    private final Clock clock;
    private final Consumer<String> log;
    private final Duration interval;

    OperationWaiter(Sleeper sleeper, Clock clock, Consumer<String> log, Duration interval) {
        this.sleeper = sleeper;
        this.clock = clock;
        this.log = log;
        this.interval = interval;
    }

    /** Waits for a GKE operation started in {@code locationPath} (projects/P/locations/L). */
    Operation container(ClusterManagerClient gke, String locationPath, Operation started, String what) throws InterruptedException {
        String name = locationPath + "/operations/" + started.getName();
        Operation op = poll(what, started, o -> o.getStatus() == Operation.Status.DONE, () -> gke.getOperation(name));
        if (op.hasError() && op.getError().getCode() != 0) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot " + what + ": " + op.getError().getMessage());
        }
        return op;
    }

    com.google.longrunning.Operation longRunning(OperationsClient operations, com.google.longrunning.Operation started, String what)
            throws InterruptedException {
        com.google.longrunning.Operation op = poll(what, started, com.google.longrunning.Operation::getDone,
                () -> operations.getOperation(started.getName()));
        if (op.hasError() && op.getError().getCode() != 0) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot " + what + ": " + op.getError().getMessage());
        }
        return op;
    }

    <T> T poll(String what, T started, java.util.function.Predicate<T> done, Supplier<T> refresh) throws InterruptedException {
        Instant start = clock.instant();
        Duration nextReport = REPORT_EVERY;
        T op = started;
        log.accept(what + " ...");
        while (!done.test(op)) {
            sleeper.sleep(interval);
            op = refresh.get();
            Duration elapsed = Duration.between(start, clock.instant());
            if (elapsed.compareTo(nextReport) >= 0) {
                log.accept(what + " ... " + format(elapsed));
                nextReport = nextReport.plus(REPORT_EVERY);
            }
        }
        log.accept(what + ": done in " + format(Duration.between(start, clock.instant())));
        return op;
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }
}
