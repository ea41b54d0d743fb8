package dev.arena.run;

import dev.arena.eval.EvalDefaults;

import java.util.function.Function;

/**
 * Where a run's items are evaluated: {@link LocalExecutor} (a thread pool over this machine's
 * sandboxes) or {@code k8s.ClusterExecutor} (one Kubernetes Indexed Job, a pod per item). Both
 * store the plan and every result through a {@link RunRepository}, so status, resume and reports
 * read the same layout whichever ran it. {@code cli} chooses one; implementations must pass
 * the contract test {@code run.ExecutorContract} (one subclass per implementation).
 */
public interface Executor {

    /**
     * Plans the run, stores the plan and starts it.
     *
     * @param request the run asked for, completed with this executor's defaults (the built-in
     *                ones locally, the deployed {@code arena-config} in the cluster)
     */
    Outcome start(Function<EvalDefaults, RunRequest> request) throws InterruptedException;

    /** Starts a run whose request needs no defaults. */
    default Outcome start(RunRequest request) throws InterruptedException {
        return start(defaults -> request);
    }

    /**
     * Evaluates the items of a stored run that have no result; with {@code retryErrors} also those
     * whose result is an error (the old result is set aside, not overwritten).
     */
    default Outcome resume(String runId, boolean retryErrors) throws InterruptedException {
        return resume(runId, retryErrors, null);
    }

    /**
     * The same, with the run's cap ({@code --max-cost}) set to {@code maxCostUsd} in its stored
     * plan first (null keeps the plan's), so a run its cap stopped can go on.
     */
    Outcome resume(String runId, boolean retryErrors, Double maxCostUsd) throws InterruptedException;

    /** The run as this executor sees it: the stored results, plus what only the executor knows (running, stuck). */
    RunStatus status(String runId);

    /** Stops what this process started (Ctrl+C); unfinished items keep no result, so a resume redoes them. */
    void cancel() throws InterruptedException;

    /**
     * How a start or resume call ended.
     *
     * @param status    the status when this call returns; null when the run goes on elsewhere (a submitted Job),
     *                  or a cluster resume found nothing to submit (its listener said so)
     * @param evaluated items this call evaluated or submitted
     * @param location  where the run's files are, for people ({@code ArtifactStore.locate} of its folder)
     * @param budgetStop why some items were not started (the run's cap was spent), or null
     */
    record Outcome(RunPlan plan, RunStatus status, int evaluated, String location, BudgetStop budgetStop) {
        public Outcome(RunPlan plan, RunStatus status, int evaluated, String location) {
            this(plan, status, evaluated, location, null);
        }

        public String runId() {
            return plan.runId();
        }

        /** Done here, with every item judged and none an error. */
        public boolean clean() {
            return status != null && status.complete() && status.errors() == 0;
        }
    }

    /**
     * The run's cap ({@code --max-cost}) was spent: {@code notStarted} items were left without a
     * result for a resume with a higher cap.
     */
    record BudgetStop(double capUsd, double spentUsd, int notStarted) {
    }
}
