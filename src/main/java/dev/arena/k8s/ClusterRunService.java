package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.agent.cli.AgentPackages;
import dev.arena.agent.cli.BucketTarballs;
import dev.arena.agent.cli.NpmFetcher;
import dev.arena.eval.Agents;
import dev.arena.images.RegistryClient;
import dev.arena.result.ResultSummary;
import dev.arena.result.Verdict;
import dev.arena.run.JobItems;
import dev.arena.run.PlanValidator;
import dev.arena.run.RunPlan;
import dev.arena.run.RunPlanner;
import dev.arena.run.RunRepository;
import dev.arena.run.RunRequest;
import dev.arena.run.RunStatus;
import dev.arena.run.WorkItem;
import dev.arena.store.ArtifactStore;
import dev.arena.store.Stores;
import dev.arena.transfer.DatasetCatalog;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Job;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code arena run} in cluster mode: plans the run from the local datasets folder, checks the
 * cluster and the bucket, stores the plan in the bucket and submits one Indexed Job. The pods
 * then evaluate item i each ({@code arena evaluate --run}). A resume submits one more Job of the
 * run, over the items left.
 */
public final class ClusterRunService {
    private final Cluster cluster;
    private final Templates templates;
    private final BiFunction<String, String, ArtifactStore> stores;
    private final RegistryClient registry;
    private final Clock clock;
    private final NpmFetcher npm;

    /**
     * @param stores   opens a store of a bucket under a prefix (tests pass an in-memory bucket)
     * @param registry checks that the prebuilt images the run pins exist
     */
    public ClusterRunService(Cluster cluster, Templates templates, BiFunction<String, String, ArtifactStore> stores,
                             RegistryClient registry) {
        this(cluster, templates, stores, registry, Clock.systemUTC());
    }

    /** @param clock names resume Jobs by when they are submitted */
    public ClusterRunService(Cluster cluster, Templates templates, BiFunction<String, String, ArtifactStore> stores,
                             RegistryClient registry, Clock clock) {
        this(cluster, templates, stores, registry, clock, NpmFetcher.fromEnvironment(System.getenv()));
    }

    /** @param npm fetches a CLI agent's tarballs for the bucket (the registry or mirror of $ARENA_NPM_REGISTRY) */
    public ClusterRunService(Cluster cluster, Templates templates, BiFunction<String, String, ArtifactStore> stores,
                             RegistryClient registry, Clock clock, NpmFetcher npm) {
        this.npm = npm;
        this.cluster = cluster;
        this.templates = templates;
        this.stores = stores;
        this.registry = registry;
        this.clock = clock;
    }

    /** @param buildInPods the datasets without a recorded prebuilt image: each of their pods builds it */
    public record Submitted(String runId, String jobName, String namespace, String bucket, int items, int parallelism,
                            List<String> buildInPods) {
    }

    /**
     * @param bucket   the bucket from --bucket or $ARENA_BUCKET; null means the one deploy recorded
     * @param parallel --parallel, or null for the ConfigMap's max-parallel-tasks
     */
    public Submitted start(RunRequest request, String bucket, Integer parallel) {
        return start(defaults -> request, bucket, parallel);
    }

    /**
     * @param request the run asked for, completed with the deployed defaults (agent, max
     *                iterations, task timeout of the arena-config ConfigMap) where the operator gave none
     */
    public Submitted start(java.util.function.Function<dev.arena.eval.EvalDefaults, RunRequest> request, String bucket, Integer parallel) {
        return start(request, bucket, parallel, BucketTarballs.PublishListener.NONE);
    }

    /** @param tarballs hears of each of a CLI agent's tarballs as it is uploaded to the bucket or found there */
    public Submitted start(java.util.function.Function<dev.arena.eval.EvalDefaults, RunRequest> request, String bucket, Integer parallel,
                           BucketTarballs.PublishListener tarballs) {
        V1Job skeleton = templates.load("job.yaml", V1Job.class);
        Preflight.Deployed deployed = new Preflight(cluster).deployed(skeleton.getSpec().getTemplate().getSpec().getServiceAccountName());
        RunPlan plan = RunPlanner.plan(request.apply(deployed.config().evalDefaults()));
        // the pods check the plan with these rules too; fail here, before anything is stored or submitted
        PlanValidator.validate(plan, java.util.Set.copyOf(deployed.config().allowedModelBaseUrls()));
        String b = bucket(bucket, deployed);
        RunRepository runs = new RunRepository(stores.apply(b, Stores.RUNS_PREFIX));
        DatasetCatalog datasets = new DatasetCatalog(stores.apply(b, Stores.DATASETS_PREFIX));
        Preflight.datasets(plan, datasets);
        plan = plan.withPrebuiltImages(datasets.recordedImages());
        Preflight.images(plan, registry);
        if (dev.arena.eval.Agents.callsAModel(plan.settings().agent())) {
            Preflight.apiKey(plan.settings().model(), deployed.apiKeys());
        }
        if (runs.exists(plan.runId())) {
            throw ArenaException.usage("run " + plan.runId() + " already exists in " + runs.store().locate(plan.runId() + "/") + "; choose another --run-id");
        }
        plan = withAgentTarballs(plan, b, tarballs);
        V1Job job = JobManifest.forRun(templates, plan, deployed.config(), width(parallel, deployed), b);
        Manifests.check(job);
        runs.savePlan(plan);
        create(job, plan, "choose another --run-id or `arena cleanup all --run " + plan.runId() + "`");
        return submitted(plan, job, b, plan.items().size());
    }

    /**
     * What {@link #resume} found: the stored plan, its status before anything was set aside, the
     * bucket it is in, and the Job submitted over the items left, or null when no item was left.
     */
    public record Resumed(RunPlan plan, RunStatus status, String bucket, Submitted submitted) {
    }

    /**
     * {@code arena run --resume} in cluster mode: one new Job over the items of a stored run that
     * have no result (with {@code retryErrors} also those whose result is an error; those results
     * are moved to {@code previous/} first, as a local resume does). The plan stays as stored,
     * read back and checked as if a stranger wrote it; a run with a Job still active is refused.
     *
     * @param bucket   the bucket from --bucket or $ARENA_BUCKET; null means the one deploy recorded
     * @param parallel --parallel, or null for the ConfigMap's max-parallel-tasks
     */
    public Resumed resume(String runId, boolean retryErrors, String bucket, Integer parallel) {
        return resume(runId, retryErrors, bucket, parallel, null);
    }

    /** @param maxCostUsd the run's new cap ({@code --max-cost}), stored in its plan before the Job is submitted; null keeps the plan's */
    public Resumed resume(String runId, boolean retryErrors, String bucket, Integer parallel, Double maxCostUsd) {
        V1Job skeleton = templates.load(JobManifest.TEMPLATE, V1Job.class);
        Preflight.Deployed deployed = new Preflight(cluster).deployed(skeleton.getSpec().getTemplate().getSpec().getServiceAccountName());
        String b = bucket(bucket, deployed);
        RunRepository runs = new RunRepository(stores.apply(b, Stores.RUNS_PREFIX));
        RunPlan plan = runs.loadPlan(runId);
        // the same checks a pod makes of run.json, before anything is moved or submitted
        PlanValidator.item(plan, runId, 0, Set.copyOf(deployed.config().allowedModelBaseUrls()));
        List<String> active = new Jobs(cluster).list(runId).stream().filter(j -> !j.finished()).map(JobState::name).toList();
        if (!active.isEmpty()) {
            throw ArenaException.usage("run " + runId + " still has an active Job (" + String.join(", ", active) + "); wait for it"
                    + " (`arena status " + runId + "`) or delete it (`arena cleanup all --run " + runId + "`) first");
        }
        if (maxCostUsd != null) {
            RunPlanner.checkRunCap(plan.settings(), maxCostUsd);
            plan = plan.withMaxCostUsd(maxCostUsd);
        }
        Map<WorkItem, ResultSummary> done = runs.summaries(plan);
        RunStatus status = RunStatus.fromSummaries(plan, done);
        List<Integer> pending = new ArrayList<>();
        List<WorkItem> retried = new ArrayList<>();
        for (int i = 0; i < plan.items().size(); i++) {
            WorkItem item = plan.items().get(i);
            ResultSummary s = done.get(item);
            if (s == null || retryErrors && s.verdict() == Verdict.ERROR) {
                pending.add(i);
                if (s != null) {
                    retried.add(item);
                }
            }
        }
        if (pending.isEmpty()) {
            return new Resumed(plan, status, b, null);
        }
        DatasetCatalog datasets = new DatasetCatalog(stores.apply(b, Stores.DATASETS_PREFIX));
        Preflight.datasets(plan, datasets);
        Preflight.images(plan, registry);
        if (dev.arena.eval.Agents.callsAModel(plan.settings().agent())) {
            Preflight.apiKey(plan.settings().model(), deployed.apiKeys());
        }
        V1Job job = JobManifest.forItems(templates, plan, JobItems.of(pending), KubeNames.resumeJobName(runId, clock.instant()),
                deployed.config(), width(parallel, deployed), b);
        Manifests.check(job);
        // set aside only once everything was checked; should the create fail, those items are
        // simply missing, and the next resume takes them
        RunPlan resumed = plan;
        retried.forEach(item -> runs.setAside(resumed, item));
        if (maxCostUsd != null) {
            runs.savePlan(plan); // the pods check the run's spend against the new cap
        }
        create(job, plan, "try again in a second");
        return new Resumed(plan, status, b, submitted(plan, job, b, pending.size()));
    }

    /**
     * A CLI agent's pods take its executable from the bucket, never from npm: every build of it
     * is fetched here (checked against the registry's hash), uploaded unless already there, and
     * pinned with its hash in the plan, which is written before any pod exists.
     */
    private RunPlan withAgentTarballs(RunPlan plan, String bucket, BucketTarballs.PublishListener tarballs) {
        String agent = plan.settings().agent();
        if (!Agents.isCli(agent)) {
            return plan;
        }
        return plan.withAgentTarballs(BucketTarballs.publish(AgentPackages.named(Agents.baseName(agent)), Agents.versionOf(agent),
                npm, stores.apply(bucket, Stores.AGENTS_PREFIX), tarballs));
    }

    private static String bucket(String bucket, Preflight.Deployed deployed) {
        String b = bucket != null ? bucket : deployed.config().bucket();
        if (b == null || b.isBlank()) {
            throw ArenaException.usage("no bucket: pass --bucket, set $ARENA_BUCKET or run `arena deploy --bucket NAME`");
        }
        return b;
    }

    private static int width(Integer parallel, Preflight.Deployed deployed) {
        int width = parallel != null ? parallel : deployed.config().maxParallelTasks();
        if (width < 1) {
            throw ArenaException.usage("--parallel must be at least 1");
        }
        return width;
    }

    private void create(V1Job job, RunPlan plan, String onConflict) {
        try {
            cluster.batch().createNamespacedJob(cluster.namespace(), job).execute();
        } catch (ApiException e) {
            if (e.getCode() == 409) {
                throw new ArenaException(ExitCode.USAGE, "job " + job.getMetadata().getName() + " already exists in namespace "
                        + cluster.namespace() + "; " + onConflict);
            }
            throw cluster.failure("create job " + job.getMetadata().getName(), e);
        }
    }

    private Submitted submitted(RunPlan plan, V1Job job, String bucket, int items) {
        List<String> buildInPods = plan.datasets().stream().filter(d -> d.image() == null).map(RunPlan.DatasetRef::name).toList();
        return new Submitted(plan.runId(), job.getMetadata().getName(), cluster.namespace(), bucket, items,
                job.getSpec().getParallelism(), buildInPods);
    }
}
