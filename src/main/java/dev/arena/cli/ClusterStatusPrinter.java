package dev.arena.cli;

import dev.arena.k8s.ClusterStatus;
import dev.arena.k8s.JobState;
import dev.arena.k8s.StuckPod;

import java.io.PrintStream;

/** The cluster's side of a run for people: the Job's counts and the pods that are stuck. */
final class ClusterStatusPrinter {
    private final PrintStream out;

    ClusterStatusPrinter(PrintStream out) {
        this.out = out;
    }

    /** One line per poll of --wait, plus the stuck pods. */
    void progress(ClusterStatus s) {
        JobState j = s.job();
        out.printf("%s: %d/%d result(s) (%d passed, %d failed, %d errors); pods: %d running, %d index(es) done, %d failed%s%n",
                j.name(), s.results().done(), s.results().items(), s.results().passed(), s.results().failed(), s.results().errors(),
                j.active(), j.completedIndexCount(), j.failedIndexCount(), j.finished() ? "; job " + j.ended() : "");
        stuck(s);
    }

    void job(ClusterStatus s) {
        JobState j = s.job();
        out.printf("job %s: %s; %d of %d index(es) completed, %d failed%s; %d pod(s) running (parallelism %d)%n",
                j.name(), j.finished() ? j.ended() : "running", j.completedIndexCount(), j.completions(), j.failedIndexCount(),
                j.failedIndexes().isEmpty() ? "" : " (" + j.failedIndexes() + ")", j.active(), j.parallelism());
        stuck(s);
    }

    /** One line per Job, for `status` without a run id and for `cleanup status`. */
    void jobs(java.util.List<JobState> jobs) {
        if (jobs.isEmpty()) {
            out.println("no arena jobs");
        }
        for (JobState j : jobs) {
            out.printf("%-40s run %-24s %-9s %d/%d done, %d failed, %d running%n", j.name(), j.runId(),
                    j.finished() ? j.ended() : "running", j.completedIndexCount(), j.completions(), j.failedIndexCount(), j.active());
        }
    }

    private void stuck(ClusterStatus s) {
        for (StuckPod p : s.stuck()) {
            out.printf("  stuck: pod %s (item %s): %s, %s%n", p.pod(), p.index(), p.reason(), p.detail());
        }
    }
}
