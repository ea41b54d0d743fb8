package dev.arena.cli;

import dev.arena.ExitCode;
import dev.arena.eval.EvalSettings;
import dev.arena.k8s.ClusterConfig;
import dev.arena.k8s.JobManifest;
import dev.arena.k8s.Templates;
import dev.arena.run.JobItems;
import dev.arena.run.PodEvaluation;
import dev.arena.run.RunPlan;
import dev.arena.run.RunPlanner;
import dev.arena.run.RunRequest;
import dev.arena.testing.Fixtures;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PodFailurePolicyRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pod's exit codes and the rendered Job agree: what {@code evaluate --run} exits with is
 * handled by the podFailurePolicy as the README's table says, and the variables the manifest
 * gives the evaluator are the ones {@link PodEvaluate} reads.
 */
class PodExitCodesTest {
    private static final Pattern ANNOTATION = Pattern.compile("metadata\\.annotations\\['(.+)']");

    @TempDir
    Path root;

    private V1Job resumeJob() {
        Path datasets = root.resolve("datasets");
        Path calc = Fixtures.dataset(datasets, "calc", "", "#!/bin/sh\nexit 0\n", Map.of("a.txt", "a\n"));
        for (String t : List.of("t1", "t2", "t3", "t4")) {
            Fixtures.task(calc, t, Fixtures.FIX_VALUE_DIFF, Map.of());
        }
        RunPlan plan = RunPlanner.plan(new RunRequest(datasets, List.of(), List.of(), 1, "codes",
                EvalSettings.builder().agent("oracle").taskTimeout(Duration.ofMinutes(20)).build()));
        ClusterConfig config = new ClusterConfig("registry/arena:1", "bucket", 8, 35, "oracle", Duration.ofMinutes(30), "500m",
                "1Gi", Duration.ofHours(6));
        return JobManifest.forItems(Templates.standard(), plan, JobItems.of(List.of(1, 3)), "arena-codes-resume", config, 4, "bucket");
    }

    /** What the Job controller does with a pod whose evaluator exited with {@code code}: the first rule that matches. */
    private static String action(V1Job job, int code) {
        for (V1PodFailurePolicyRule rule : job.getSpec().getPodFailurePolicy().getRules()) {
            var on = rule.getOnExitCodes();
            if (on == null || on.getContainerName() != null && !on.getContainerName().equals(JobManifest.EVALUATOR)) {
                continue;
            }
            boolean listed = on.getValues().contains(code);
            if (on.getOperator().equals("In") == listed) {
                return rule.getAction();
            }
        }
        return "Count"; // no rule: counted against backoffLimitPerIndex
    }

    @Test
    void eachExitCodeOfThePodMeetsTheRuleTheReadmeStates() {
        V1Job job = resumeJob();

        assertEquals("FailIndex", action(job, ExitCode.PROBLEMS.code()), "an error verdict a retry would not fix");
        assertEquals("FailIndex", action(job, ExitCode.USAGE.code()), "bad input");
        assertEquals("Count", action(job, ExitCode.ENVIRONMENT.code()), "infrastructure: retried up to backoffLimitPerIndex");
        assertTrue(job.getSpec().getBackoffLimitPerIndex() > 0);
        assertEquals("Ignore", action(job, ExitCode.RATE_LIMITED.code()), "rate limited: retried later, not counted");
        assertEquals(75, ExitCode.RATE_LIMITED.code());
    }

    @Test
    void theEvaluatorsVariablesAreWhatThePodReadsAndItsBudgetForRateLimitsIsSet() {
        V1Job job = resumeJob();
        V1Container evaluator = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        // the controller's side: the completion index and the index's failure counts, as annotations
        Map<String, String> annotations = Map.of("batch.kubernetes.io/job-index-failure-count", "1",
                "batch.kubernetes.io/job-index-ignored-failure-count", "4");
        Map<String, String> env = new HashMap<>();
        env.put("JOB_COMPLETION_INDEX", "1");
        for (V1EnvVar e : evaluator.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            } else if (e.getValueFrom().getFieldRef() != null) {
                Matcher m = ANNOTATION.matcher(e.getValueFrom().getFieldRef().getFieldPath());
                assertTrue(m.matches(), e.getValueFrom().getFieldRef().getFieldPath());
                env.put(e.getName(), annotations.getOrDefault(m.group(1), ""));
            }
        }

        PodEvaluation.JobIndex index = PodEvaluate.jobIndex(env);

        assertEquals(1, index.completion());
        assertEquals("1,3", index.items().toString());
        assertEquals(3, index.items().itemAt(index.completion()), "the second pod takes plan index 3");
        assertEquals(1, index.failures());
        assertEquals(job.getSpec().getBackoffLimitPerIndex(), index.retries());
        assertEquals(4, index.ignoredFailures(), "from job-index-ignored-failure-count");
        assertEquals(6, index.rateLimitRetries(), "job.yaml's ARENA_RATE_LIMIT_RETRIES: a rate limit is waited for, within bounds");
    }
}
