package dev.arena.cli;

import dev.arena.agent.cli.AgentTarball;
import dev.arena.k8s.ClusterExecutor;
import dev.arena.k8s.ClusterRunService;
import dev.arena.k8s.ClusterStatus;
import dev.arena.run.RunStatus;

import java.io.PrintStream;

/** A cluster run on the terminal: a CLI agent's tarballs going to the bucket, what was submitted, how to follow it, and each poll with --wait. */
final class ClusterRunPrinter implements ClusterExecutor.Listener {
    private final PrintStream err;
    private final String kubectlFlags;
    private final boolean following;
    private final ClusterStatusPrinter status;

    ClusterRunPrinter(PrintStream err, String kubectlFlags, boolean following) {
        this.err = err;
        this.kubectlFlags = kubectlFlags;
        this.following = following;
        this.status = new ClusterStatusPrinter(err);
    }

    @Override
    public void submitted(ClusterRunService.Submitted s) {
        err.printf("submitted run %s: job %s in namespace %s, %d item(s), %d at a time%n",
                s.runId(), s.jobName(), s.namespace(), s.items(), s.parallelism());
        s.buildInPods().forEach(d -> err.println("note: no prebuilt image recorded for " + d
                + ", so each of its pods builds it; `arena upload --build-images` makes them pull it instead"));
        if (!following) {
            err.println("follow it with:");
            err.println("  ./arena.sh status " + s.runId() + " --bucket " + s.bucket());
            err.println("  kubectl get job " + s.jobName() + kubectlFlags);
            err.println("  kubectl logs -l arena/run-id=" + s.runId() + " -c evaluator" + kubectlFlags);
        }
    }

    @Override
    public void uploading(AgentTarball tarball, long bytes, String location) {
        err.printf("uploading %s@%s (%s) to %s%n", tarball.packageName(), tarball.version(), TransferPrinter.human(bytes), location);
    }

    @Override
    public void alreadyThere(AgentTarball tarball, long bytes, String location) {
        err.printf("%s@%s (%s) already in the bucket at %s%n", tarball.packageName(), tarball.version(), TransferPrinter.human(bytes), location);
    }

    @Override
    public void nothingToResume(RunStatus s, boolean retryErrors) {
        String hint = s.errors() > 0 && !retryErrors ? "; --retry-errors evaluates the " + s.errors() + " error(s) again" : "";
        err.printf("run %s: every item has a result (%d error(s)), so no Job was submitted%s%n", s.runId(), s.errors(), hint);
    }

    @Override
    public void progress(ClusterStatus s) {
        status.progress(s);
    }

    @Override
    public void job(ClusterStatus s) {
        status.job(s);
    }

    @Override
    public void jobDeleted(String jobName) {
        err.println("deleted job " + jobName);
    }
}
