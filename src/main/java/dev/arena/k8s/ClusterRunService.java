package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.images.RegistryClient;
import dev.arena.run.RunPlan;
import dev.arena.run.RunPlanner;
import dev.arena.run.RunRepository;
import dev.arena.run.RunRequest;
import dev.arena.store.ArtifactStore;
import dev.arena.store.Stores;
import dev.arena.transfer.DatasetCatalog;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Job;

import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code arena run} in cluster mode: plans the run from the local datasets folder, checks the
 * cluster and the bucket, stores the plan in the bucket and submits one Indexed Job. The pods
 * then evaluate item i each ({@code arena evaluate --run}).
 */
public final class ClusterRunService {
    private final Cluster cluster;
    private final Templates templates;
    private final BiFunction<String, String, ArtifactStore> stores;
    private final RegistryClient registry;

    /**
     * @param stores   opens a store of a bucket under a prefix (tests pass an in-memory bucket)
     * @param registry checks that the prebuilt images the run pins exist
     */
    public ClusterRunService(Cluster cluster, Templates templates, BiFunction<String, String, ArtifactStore> stores,
                             RegistryClient registry) {
        this.cluster = cluster;
        this.templates = templates;
        this.stores = stores;
        this.registry = registry;
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
        V1Job skeleton = templates.load("job.yaml", V1Job.class);
        Preflight.Deployed deployed = new Preflight(cluster).deployed(skeleton.getSpec().getTemplate().getSpec().getServiceAccountName());
        RunPlan plan = RunPlanner.plan(request.apply(deployed.config().evalDefaults()));
        // the pods check the plan with these rules too; fail here, before anything is stored or submitted
        dev.arena.run.PlanValidator.validate(plan, java.util.Set.copyOf(deployed.config().allowedModelBaseUrls()));
        String b = bucket != null ? bucket : deployed.config().bucket();
        if (b == null || b.isBlank()) {
            throw ArenaException.usage("no bucket: pass --bucket, set $ARENA_BUCKET or run `arena deploy --bucket NAME`");
        }
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
        int width = parallel != null ? parallel : deployed.config().maxParallelTasks();
        if (width < 1) {
            throw ArenaException.usage("--parallel must be at least 1");
        }
        V1Job job = JobManifest.forRun(templates, plan, deployed.config(), width, b);
        Manifests.check(job);
        runs.savePlan(plan);
        try {
            cluster.batch().createNamespacedJob(cluster.namespace(), job).execute();
        } catch (ApiException e) {
            if (e.getCode() == 409) {
                throw new ArenaException(ExitCode.USAGE, "job " + job.getMetadata().getName() + " already exists in namespace "
                        + cluster.namespace() + "; choose another --run-id or `arena cleanup all --run " + plan.runId() + "`");
            }
            throw cluster.failure("create job " + job.getMetadata().getName(), e);
        }
        List<String> buildInPods = plan.datasets().stream().filter(d -> d.image() == null).map(RunPlan.DatasetRef::name).toList();
        return new Submitted(plan.runId(), job.getMetadata().getName(), cluster.namespace(), b, plan.items().size(),
                job.getSpec().getParallelism(), buildInPods);
    }
}
