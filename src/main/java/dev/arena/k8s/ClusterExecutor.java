package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.agent.cli.BucketTarballs;
import dev.arena.eval.EvalDefaults;
import dev.arena.run.Executor;
import dev.arena.run.RunRepository;
import dev.arena.run.RunRequest;
import dev.arena.run.RunStatus;
import dev.arena.store.ArtifactStore;
import dev.arena.store.Stores;

import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The Kubernetes executor: a run is one Indexed Job whose pod i evaluates item i
 * ({@code arena evaluate --run}, {@code run.PodEvaluation}), and each resume one more Job over
 * the items left. {@link #start} and {@link #resume} return once the Job is submitted, or with
 * {@code wait} when it has ended. The cluster's own view of a run (the
 * Job's counts, stuck pods) goes to the {@link Listener}; results come from the bucket.
 */
public final class ClusterExecutor implements Executor {
    private final Cluster cluster;
    private final ClusterRunService submitter;
    private final BiFunction<String, String, ArtifactStore> stores;
    private final String bucket;
    private final Integer parallel;
    private final Duration poll;
    private final Listener listener;

    /** What a cluster run tells the people who started it, a CLI agent's tarballs on their way to the bucket included. */
    public interface Listener extends BucketTarballs.PublishListener {
        default void submitted(ClusterRunService.Submitted run) {
        }

        /** Each poll while following a run ({@code wait}). */
        default void progress(ClusterStatus status) {
        }

        /** The Job's side of {@link #status}, when the cluster still has the run's Job. */
        default void job(ClusterStatus status) {
        }

        /** A resume found every item with a result (errors included unless it retries them): no Job was submitted. */
        default void nothingToResume(RunStatus status, boolean retryErrors) {
        }

        /** The run's Job ended and was deleted after {@code wait}. */
        default void jobDeleted(String jobName) {
        }
    }

    /**
     * @param stores   opens a store of a bucket under a prefix (the wiring passes GCS; tests an in-memory bucket)
     * @param bucket   the bucket from --bucket or $ARENA_BUCKET; null means the one deploy recorded
     * @param parallel --parallel, or null for the ConfigMap's max-parallel-tasks
     * @param poll     how often a followed run is polled, or null to return once the Job is submitted
     */
    public ClusterExecutor(Cluster cluster, ClusterRunService submitter, BiFunction<String, String, ArtifactStore> stores,
                           String bucket, Integer parallel, Duration poll, Listener listener) {
        this.cluster = cluster;
        this.submitter = submitter;
        this.stores = stores;
        this.bucket = bucket;
        this.parallel = parallel;
        this.poll = poll;
        this.listener = listener;
    }

    @Override
    public Outcome start(Function<EvalDefaults, RunRequest> request) throws InterruptedException {
        return follow(submitter.start(request, bucket, parallel, listener));
    }

    /**
     * One more Job of the run over its items without a result ({@code retryErrors}: or with an
     * error result, set aside first). Nothing left: no Job, the listener hears why, and the
     * outcome has no status, as for a run that goes on elsewhere.
     */
    @Override
    public Outcome resume(String runId, boolean retryErrors, Double maxCostUsd) throws InterruptedException {
        ClusterRunService.Resumed r = submitter.resume(runId, retryErrors, bucket, parallel, maxCostUsd);
        if (r.submitted() == null) {
            listener.nothingToResume(r.status(), retryErrors);
            return new Outcome(r.plan(), null, 0, runs(r.bucket()).store().locate(runId + "/"));
        }
        return follow(r.submitted());
    }

    private Outcome follow(ClusterRunService.Submitted s) throws InterruptedException {
        listener.submitted(s);
        RunRepository runs = runs(s.bucket());
        if (poll == null) {
            return new Outcome(runs.loadPlan(s.runId()), null, s.items(), runs.store().locate(s.runId() + "/"));
        }
        RunStatus status = new RunWatcher(new Jobs(cluster), runs, poll).await(s.runId(), listener::progress);
        listener.jobDeleted(s.jobName());
        return new Outcome(runs.loadPlan(s.runId()), status, s.items(), runs.store().locate(s.runId() + "/"));
    }

    @Override
    public RunStatus status(String runId) {
        RunRepository runs = runs(requireBucket());
        RunStatus status = runs.status(runs.loadPlan(runId));
        ClusterStatus.of(new Jobs(cluster), status, runId).ifPresent(listener::job);
        return status;
    }

    /** Ctrl+C while following a run stops following it; the Job goes on in the cluster. */
    @Override
    public void cancel() {
    }

    private RunRepository runs(String b) {
        return new RunRepository(stores.apply(b, Stores.RUNS_PREFIX));
    }

    private String requireBucket() {
        if (bucket == null || bucket.isBlank()) {
            throw ArenaException.usage("no bucket: pass --bucket or set $ARENA_BUCKET");
        }
        return bucket;
    }
}
