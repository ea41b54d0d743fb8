package dev.arena.cli;

import dev.arena.ExitCode;
import dev.arena.images.RegistryCredentials;
import dev.arena.images.RegistryClient;
import dev.arena.k8s.Cluster;
import dev.arena.k8s.ClusterRunService;
import dev.arena.k8s.Jobs;
import dev.arena.k8s.RunWatcher;
import dev.arena.k8s.Templates;
import dev.arena.run.RunRepository;
import dev.arena.run.RunRequest;
import dev.arena.run.RunStatus;
import dev.arena.store.Stores;

import java.time.Duration;

/** The cluster branch of {@code arena run}: submit, say how to follow the run, and follow it with --wait. */
final class ClusterSubmission {
    static final Duration POLL = Duration.ofSeconds(10);

    private ClusterSubmission() {
    }

    static int submit(java.util.function.Function<dev.arena.eval.EvalDefaults, RunRequest> request, String bucket, Integer parallel,
                      ClusterOptions options, boolean waitForRun)
            throws InterruptedException {
        Cluster cluster = options.connect();
        ClusterRunService.Submitted s = new ClusterRunService(cluster, Templates.standard(), Stores::gcs,
                new RegistryClient(RegistryCredentials::forRepository)).start(request, bucket, parallel);
        System.err.printf("submitted run %s: job %s in namespace %s, %d item(s), %d at a time%n",
                s.runId(), s.jobName(), s.namespace(), s.items(), s.parallelism());
        s.buildInPods().forEach(d -> System.err.println("note: no prebuilt image recorded for " + d
                + ", so each of its pods builds it; `arena upload --build-images` makes them pull it instead"));
        if (!waitForRun) {
            System.err.println("follow it with:");
            System.err.println("  ./arena.sh status " + s.runId() + " --bucket " + s.bucket());
            System.err.println("  kubectl get job " + s.jobName() + options.kubectlFlags());
            System.err.println("  kubectl logs -l arena/run-id=" + s.runId() + " -c evaluator" + options.kubectlFlags());
            System.out.println(s.runId());
            return ExitCode.OK.code();
        }
        RunRepository runs = new RunRepository(Stores.gcs(s.bucket(), Stores.RUNS_PREFIX));
        ClusterStatusPrinter printer = new ClusterStatusPrinter(System.err);
        RunStatus status = new RunWatcher(new Jobs(cluster), runs, POLL).await(s.runId(), printer::progress);
        new StatusPrinter(System.err).print(status, runs.store().locate(s.runId() + "/"));
        System.err.println("deleted job " + s.jobName());
        System.out.println(s.runId());
        return status.errors() > 0 || !status.complete() ? ExitCode.PROBLEMS.code() : ExitCode.OK.code();
    }
}
