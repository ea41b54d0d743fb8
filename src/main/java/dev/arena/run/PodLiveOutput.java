package dev.arena.run;

import dev.arena.eval.AttemptListener;
import dev.arena.result.Phase;
import dev.arena.result.TaskResult;

import dev.arena.store.ArtifactStore;

import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What a pod shows while it evaluates its item: each task-log entry on stdout as it is logged,
 * prefixed {@code [dataset/task#attempt]} (what `kubectl logs -c evaluator` and `arena logs`
 * show), the run's events ({@link RunEvent}) on their own lines, and the log's checkpoints in the
 * store at each phase boundary and at the end.
 */
final class PodLiveOutput implements AttemptListener {
    private final Consumer<String> out;
    private final LogCheckpoints checkpoints;
    private final LongSupplier clock;
    private final String runId;
    private final int index;
    private final WorkItem item;
    private final String prefix;

    private PodLiveOutput(Consumer<String> out, String prefix, LogCheckpoints checkpoints, LongSupplier clock, String runId,
                          int index, WorkItem item) {
        this.out = out;
        this.prefix = prefix;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.runId = runId;
        this.index = index;
        this.item = item;
    }

    /**
     * @param out    one line at a time (a pod: System.out::println)
     * @param folder where this pod's checkpoints go, ending with '/'
     * @param clock  epoch milliseconds, for the events and the checkpoints' interval
     */
    static PodLiveOutput of(Consumer<String> out, ArtifactStore store, String folder, LongSupplier clock, String runId, int index,
                            WorkItem item) {
        String prefix = "[" + item.dataset() + "/" + item.task() + "#" + item.attempt() + "] ";
        LogCheckpoints checkpoints = new LogCheckpoints(store, folder, clock, LogCheckpoints.INTERVAL_MILLIS, m -> out.accept(prefix + m));
        return new PodLiveOutput(out, prefix, checkpoints, clock, runId, index, item);
    }

    void started() {
        event(RunEvent.STARTED, null, null, null);
    }

    @Override
    public void logged(String entry) {
        entry.lines().forEach(l -> out.accept(prefix + l));
        checkpoints.add(entry);
    }

    @Override
    public void phase(Phase phase) {
        checkpoints.flush(); // the previous phase's entries
        event(RunEvent.PHASE, phase.json(), null, null);
    }

    @Override
    public void finished(TaskResult result) {
        checkpoints.flush();
        event(RunEvent.VERDICT, null, result.verdict().json(),
                result.errorKind() == null ? null : result.errorKind().json() + ": " + result.error());
    }

    private void event(String kind, String phase, String verdict, String detail) {
        out.accept(RunEvent.of(Instant.ofEpochMilli(clock.getAsLong()), kind, runId, index, item, phase, verdict, detail).line());
    }
}
