package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.dataset.SafeUnpacker;
import dev.arena.dataset.Task;
import dev.arena.agent.Agent;
import dev.arena.agent.cli.BucketTarballs;
import dev.arena.agent.cli.TarballSource;
import dev.arena.agent.llm.RunSpend;
import dev.arena.eval.Agents;
import dev.arena.eval.Attempt;
import dev.arena.eval.EvalSettings;
import dev.arena.eval.TaskEvaluator;
import dev.arena.result.ErrorKind;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.sandbox.RegistryLogin;
import dev.arena.sandbox.SandboxProvider;
import dev.arena.store.ArtifactStore;
import dev.arena.transfer.DatasetCatalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code arena evaluate --run ID} inside a pod of the run's Indexed Job: item {@code index} of
 * the plan (of a resume Job: the index-th item its {@link JobItems} list), with the dataset from
 * the bucket. Ends in one of four ways the Job's podFailurePolicy tells apart: a result (exit 0,
 * or 1 for an error verdict a retry would not fix), {@link ExitCode#USAGE} for bad input (never
 * retried), {@link ExitCode#ENVIRONMENT} for infrastructure trouble (retried up to
 * backoffLimitPerIndex) and {@link ExitCode#RATE_LIMITED} for a model that kept refusing for its
 * rate limit (retried later without counting a failure, up to the Job's rate-limit retries). The
 * plan and the dataset
 * archive come from the bucket and are checked before anything runs ({@link PlanValidator},
 * {@link SafeUnpacker}); a bad one ends with {@link ExitCode#USAGE}, no sandbox, nothing stored.
 */
public final class PodEvaluation {
    private final RunRepository runs;
    private final DatasetCatalog datasets;
    private final Path workDir;
    private final SandboxProvider.Factory sandboxes;
    private final Function<String, RegistryLogin> logins;
    private final java.util.function.LongSupplier clock;
    private final Policy policy;
    private final BiFunction<EvalSettings, TarballSource, Agent> agents;
    private final Output output;
    private final ArtifactStore agentTarballs;
    private final ArtifactStore datasetStore;

    /**
     * What a pod takes from its deployment rather than from the plan.
     *
     * @param allowedModelBaseUrls the model base URLs the operator allowed at deploy time (see {@link PlanValidator})
     * @param checkMetadataBlock   whether a throwaway container from the attempt's image must fail to reach the
     *                             metadata server before the agent starts (always in a pod; off only for tests
     *                             whose Docker engine is not behind the sidecar's firewall)
     */
    public record Policy(Set<String> allowedModelBaseUrls, boolean checkMetadataBlock) {
        /** No model base URL but the providers' own; the metadata block proven. */
        public static final Policy STRICT = new Policy(Set.of(), true);

        public Policy {
            allowedModelBaseUrls = Set.copyOf(allowedModelBaseUrls);
        }
    }

    /**
     * Where the pod shows its progress while it runs ({@link PodLiveOutput}).
     *
     * @param lines   one line at a time: the task log's entries and the run's events (a pod: its stdout)
     * @param podName names this pod's log checkpoints (a pod: $HOSTNAME); null: none
     */
    public record Output(java.util.function.Consumer<String> lines, String podName) {
        public static final Output NONE = new Output(line -> { }, null);
    }

    /** With {@link Policy#STRICT}. */
    public PodEvaluation(ArtifactStore runs, ArtifactStore datasets, Path workDir, SandboxProvider.Factory sandboxes,
                         Function<String, RegistryLogin> logins) {
        this(runs, datasets, workDir, sandboxes, logins, Policy.STRICT);
    }

    /**
     * @param sandboxes opened once the dataset is here (in a pod: waits for the sidecar's daemon)
     * @param logins    the login for a prebuilt image's repository (a null login: pull anonymously)
     */
    public PodEvaluation(ArtifactStore runs, ArtifactStore datasets, Path workDir, SandboxProvider.Factory sandboxes,
                         Function<String, RegistryLogin> logins, Policy policy) {
        this(runs, datasets, workDir, sandboxes, logins, policy, Output.NONE);
    }

    /** Showing its progress on {@code output} as it goes. */
    public PodEvaluation(ArtifactStore runs, ArtifactStore datasets, Path workDir, SandboxProvider.Factory sandboxes,
                         Function<String, RegistryLogin> logins, Policy policy, Output output) {
        this(runs, datasets, workDir, sandboxes, logins, policy, System::currentTimeMillis, output);
    }

    /** @param clock the time (epoch milliseconds) that names a result set aside */
    PodEvaluation(ArtifactStore runs, ArtifactStore datasets, Path workDir, SandboxProvider.Factory sandboxes,
                  Function<String, RegistryLogin> logins, Policy policy, java.util.function.LongSupplier clock) {
        this(runs, datasets, workDir, sandboxes, logins, policy, clock, Output.NONE, Agents::create, null);
    }

    /** @param clock also times the events and the log checkpoints */
    PodEvaluation(ArtifactStore runs, ArtifactStore datasets, Path workDir, SandboxProvider.Factory sandboxes,
                  Function<String, RegistryLogin> logins, Policy policy, java.util.function.LongSupplier clock, Output output) {
        this(runs, datasets, workDir, sandboxes, logins, policy, clock, output, Agents::create, null);
    }

    /** @param agents the agent of the plan's settings (tests give one that fails as they need) */
    PodEvaluation(ArtifactStore runs, ArtifactStore datasets, Path workDir, SandboxProvider.Factory sandboxes,
                  Function<String, RegistryLogin> logins, Policy policy, java.util.function.LongSupplier clock,
                  Function<EvalSettings, Agent> agents) {
        this(runs, datasets, workDir, sandboxes, logins, policy, clock, Output.NONE, (settings, tarballs) -> agents.apply(settings), null);
    }

    /**
     * @param agents        the agent of the plan's settings, a CLI agent's tarballs from the given source
     * @param agentTarballs the bucket under its agents/ prefix, where a CLI agent's pinned tarballs are
     */
    PodEvaluation(ArtifactStore runs, ArtifactStore datasets, Path workDir, SandboxProvider.Factory sandboxes,
                  Function<String, RegistryLogin> logins, Policy policy, java.util.function.LongSupplier clock,
                  Output output, BiFunction<EvalSettings, TarballSource, Agent> agents, ArtifactStore agentTarballs) {
        this.agentTarballs = agentTarballs;
        this.datasetStore = datasets;
        this.agents = agents;
        this.clock = clock;
        this.output = output;
        this.policy = policy;
        this.runs = new RunRepository(runs);
        this.datasets = new DatasetCatalog(datasets);
        this.workDir = workDir;
        this.sandboxes = sandboxes;
        this.logins = logins;
    }

    /** This evaluation with a CLI agent's tarballs taken from {@code agents} (the bucket under its agents/ prefix), never from npm. */
    public PodEvaluation withAgentTarballs(ArtifactStore agents) {
        return new PodEvaluation(runs.store(), datasetStore, workDir, sandboxes, logins, policy, clock, output, this.agents, agents);
    }

    /**
     * The item's result, or empty when an earlier pod of this index already stored one or, with
     * {@code notStarted} saying so, when the run's cap ({@code --max-cost}) was spent before it started.
     */
    public record Outcome(WorkItem item, Optional<TaskResult> result, String notStarted) {
        public Outcome(WorkItem item, Optional<TaskResult> result) {
            this(item, result, null);
        }
    }

    /**
     * A pod's turn as its Job describes it (the Job controller's variables and annotations, and
     * what the Job's manifest sets).
     *
     * @param completion       the pod's completion index
     * @param items            the plan indexes of a resume Job, or null: the completion index is the plan index
     * @param failures         how often this index failed before (counted against {@code retries})
     * @param retries          how many retries the Job allows per index (backoffLimitPerIndex)
     * @param ignoredFailures  failures of this index the podFailurePolicy ignored (rate limits, disruptions)
     * @param rateLimitRetries up to how many ignored failures a rate-limited attempt is run again
     */
    public record JobIndex(int completion, JobItems items, int failures, int retries, int ignoredFailures, int rateLimitRetries) {
        /** The index of the item in the plan. */
        int planIndex() {
            return items == null ? completion : items.itemAt(completion);
        }
    }

    /**
     * Item {@code index} of the plan, as in a run's first Job, and a rate-limited attempt as its result.
     *
     * @param earlierFailures how often this index failed before (the Job controller's count)
     * @param retries         how many retries the Job allows per index
     */
    public Outcome evaluate(String runId, int index, int earlierFailures, int retries) throws InterruptedException {
        return evaluate(runId, new JobIndex(index, null, earlierFailures, retries, 0, 0));
    }

    public Outcome evaluate(String runId, JobIndex index) throws InterruptedException {
        RunPlan plan = runs.loadPlan(runId);
        // run.json comes from the bucket: checked as if a stranger wrote it, before anything runs
        WorkItem item = PlanValidator.item(plan, runId, index.planIndex(), policy.allowedModelBaseUrls());
        if (runs.store().exists(plan.resultKey(item))) {
            return new Outcome(item, Optional.empty());
        }
        // the run's spend is what its stored results cost: pods running now are not counted yet
        RunSpend spend = plan.maxCostUsd() == null ? RunSpend.NONE : new RunSpend(plan.maxCostUsd(), runs.spentUsd(plan));
        if (spend.spent()) {
            return new Outcome(item, Optional.empty(), spend.refusal() + "; not started, so a resume with a higher --max-cost runs it");
        }
        Dataset dataset = fetch(item.dataset());
        PlanValidator.sameContent(plan, item.dataset(), dataset.dir());
        Task task = dataset.task(item.task()).orElseThrow(() -> ArenaException.usage(
                "task " + item.task() + " is not in the uploaded dataset " + item.dataset() + "; upload it again"));
        // the pod may create objects but not replace or delete them: an infra error the Job retries is
        // stored aside at once instead of being moved aside afterwards (RunRepository.setAside deletes)
        // so is a rate-limited result while the Job may still run the index again for it
        boolean retried = index.failures() < index.retries();
        boolean waitsForRateLimit = index.ignoredFailures() < index.rateLimitRetries();
        String dir = plan.layout().attemptDir(item.dataset(), item.task(), item.attempt());
        CreateOnlyAttemptStore attemptStore = new CreateOnlyAttemptStore(runs.store(), dir, plan.resultKey(item),
                r -> retried && retryable(r) || waitsForRateLimit && rateLimited(r), new CreateOnlyAttemptStore.SetAsideKeys() {
                    @Override
                    public String result(long ms) {
                        return plan.layout().previousResultKey(item.dataset(), item.task(), item.attempt(), ms);
                    }

                    @Override
                    public String folder(long ms) {
                        return plan.layout().previousDir(item.dataset(), item.task(), item.attempt(), ms);
                    }
                }, clock);
        // a folder of its own per pod: a retried index's pods never meet, each keeps what it logged
        String checkpoints = plan.layout().liveLogDir(item.dataset(), item.task(), item.attempt()) + clock.getAsLong()
                + (output.podName() == null ? "" : "-" + output.podName()) + "/";
        PodLiveOutput live = PodLiveOutput.of(output.lines(), runs.store(), checkpoints, clock, runId, index.planIndex(), item);
        live.started();
        TaskResult result;
        try (SandboxProvider provider = sandboxes.open()) {
            // the agent's sandbox starts only after a throwaway one from its image failed to reach the metadata server
            SandboxProvider checked = policy.checkMetadataBlock() ? MetadataBlockCheck.guard(provider) : provider;
            TaskEvaluator evaluator = new TaskEvaluator(checked, plan.settings(), attemptStore, PlanImages.of(plan, logins), spend);
            result = evaluator.evaluate(new Attempt(runId, dataset, task, item.attempt(), plan.passAtK()),
                    agents.apply(plan.settings(), cliTarballs(plan)), dir, live);
        }
        if (attemptStore.setAsideDone()) {
            // kept under previous/ for the record; the Job tries the index again
            if (rateLimited(result)) {
                throw new ArenaException(ExitCode.RATE_LIMITED, item.label() + ": rate limited, to be retried later: " + result.error());
            }
            throw new ArenaException(ExitCode.ENVIRONMENT, item.label() + ": infrastructure error, to be retried: " + result.error());
        }
        return new Outcome(item, Optional.of(result));
    }

    /** For a CLI agent: the tarballs run.json pins, from the bucket (the pod never asks npm); else null. */
    private TarballSource cliTarballs(RunPlan plan) {
        if (!Agents.isCli(plan.settings().agent())) {
            return null;
        }
        if (agentTarballs == null) {
            throw new IllegalStateException("a pod evaluation of a CLI agent needs the bucket's agents/ store");
        }
        try {
            return new BucketTarballs(agentTarballs, plan.agentTarballs(), Files.createTempDirectory("arena-agent-tarballs-"));
        } catch (IOException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot create a folder for the agent's tarball: " + e.getMessage(), e);
        }
    }

    /** An error a new pod may not hit: the Job retries it while retries are left. */
    static boolean retryable(TaskResult r) {
        return r.verdict() == Verdict.ERROR && r.errorKind() == ErrorKind.INFRA;
    }

    /** The model's rate limit outlasted the attempt: later, the limit may have room again. */
    static boolean rateLimited(TaskResult r) {
        return r.verdict() == Verdict.ERROR && r.errorKind() == ErrorKind.RATE_LIMITED;
    }

    private Dataset fetch(String name) {
        Path dir = workDir.resolve(name);
        if (Files.exists(dir)) {
            throw ArenaException.usage(dir + " already exists; the pod's work folder must start empty");
        }
        // to disk first, then unpacked from there: an archive may not fit the evaluator's heap.
        // A failed download is the storage's trouble (retried); a bad archive is bad input (not).
        Path archive = workDir.resolve(name + ".tar.gz");
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot create the work folder " + workDir + ": " + e.getMessage(), e);
        }
        try {
            if (!datasets.downloadArchive(name, archive)) {
                throw ArenaException.usage("dataset " + name + " is not at " + datasets.locate(name) + "; run `arena upload`");
            }
            try (InputStream in = Files.newInputStream(archive)) {
                SafeUnpacker.withDefaults().unpack(in, dir, datasets.locate(name));
            } catch (IOException e) {
                throw ArenaException.usage("cannot unpack " + datasets.locate(name) + ": " + e.getMessage());
            } catch (ArenaException e) {
                throw e.exitCode() == ExitCode.USAGE ? e : new ArenaException(ExitCode.USAGE, e.getMessage(), e);
            }
        } finally {
            archive.toFile().delete();
        }
        return DatasetLoader.load(dir);
    }
}
