package dev.arena.cli;

import dev.arena.config.Durations;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.run.RunListener;
import dev.arena.run.RunPlan;
import dev.arena.run.WorkItem;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows a run's progress on stderr: one line per finished task, and on a terminal a status line
 * (done / running / queued, verdicts so far, elapsed, time left) that refreshes every second.
 */
final class ProgressPrinter implements RunListener {
    private final PrintStream out;
    private final boolean live = System.console() != null;
    private ScheduledExecutorService ticker;
    private long startNanos;
    private int total;
    private int running;
    private int done;
    private int passed;
    private int failed;
    private int errors;
    private boolean statusShown;

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void runStarted(RunPlan plan, int pending, int parallel) {
        total = pending;
        startNanos = System.nanoTime();
        out.printf("run %s: %d item(s), agent %s%s, %d at a time%n", plan.runId(), pending, plan.settings().agent(),
                plan.settings().model() == null ? "" : " (" + plan.settings().model() + ")", parallel);
        if (live) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "arena-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::repaint, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void itemStarted(WorkItem item) {
        running++;
        repaint();
    }

    @Override
    public synchronized void itemFinished(WorkItem item, TaskResult r) {
        running--;
        done++;
        switch (r.verdict()) {
            case PASSED -> passed++;
            case FAILED -> failed++;
            default -> errors++;
        }
        String detail = r.verdict() == Verdict.ERROR ? " " + r.errorKind().json() + ": " + r.error()
                : " (" + r.testsPassed() + "/" + r.totalTests() + " tests)";
        clearStatus();
        out.printf("[%d/%d] %-6s %s %.1fs%s%n", done, total, r.verdict().json(), item.label(), r.durationSeconds(), detail);
        if (!live) {
            out.println("       " + statusLine());
        }
        repaint();
    }

    @Override
    public synchronized void warning(String message) {
        clearStatus();
        out.println("warning: " + message);
    }

    synchronized void finished() {
        stopTicker();
        clearStatus();
    }

    synchronized void interrupted(String runId, String resumeCommand) {
        stopTicker();
        clearStatus();
        out.println("interrupted: " + done + " finished result(s) kept, running containers removed. Resume with:");
        out.println("  " + resumeCommand);
        out.flush();
    }

    private synchronized void repaint() {
        if (live && total > 0) {
            out.print("\r\033[K" + statusLine());
            out.flush();
            statusShown = true;
        }
    }

    private void clearStatus() {
        if (statusShown) {
            out.print("\r\033[K");
            statusShown = false;
        }
    }

    private String statusLine() {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        String left = done == 0 ? "?" : Durations.format(elapsed.multipliedBy(total - done).dividedBy(done));
        return String.format("%d/%d done, %d running, %d queued | passed %d, failed %d, errors %d | %s elapsed, ~%s left",
                done, total, running, total - done - running, passed, failed, errors, Durations.format(elapsed), left);
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
