package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;
import dev.arena.run.RunStatus;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code arena run --wait}: polls the Job and the bucket until the Job ends (list calls, not a
 * watch, so it works through any proxy), then stores the summary and deletes the Job.
 */
public final class RunWatcher {
    private final Jobs jobs;
    private final RunRepository runs;
    private final Duration interval;

    public RunWatcher(Jobs jobs, RunRepository runs, Duration interval) {
        this.jobs = jobs;
        this.runs = runs;
        this.interval = interval;
    }

    public RunStatus await(String runId, Consumer<ClusterStatus> progress) throws InterruptedException {
        RunPlan plan = runs.loadPlan(runId);
        while (true) {
            JobState job = jobs.forRun(runId).orElseThrow(() -> new ArenaException(ExitCode.ENVIRONMENT,
                    "the Job of run " + runId + " is gone (deleted, or its TTL expired); see `arena status " + runId + "`"));
            RunStatus status = runs.status(plan);
            progress.accept(new ClusterStatus(job, status, job.finished() ? List.of() : jobs.stuckPods(runId)));
            if (job.finished()) {
                runs.saveSummary(plan, status);
                jobs.delete(job.name());
                return status;
            }
            Thread.sleep(interval.toMillis());
        }
    }
}
