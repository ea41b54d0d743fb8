package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.run.JobItems;
import dev.arena.run.PlanValidator;
import dev.arena.run.PodEvaluation;
import dev.arena.images.RegistryCredentials;
import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.store.Stores;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

/** {@code evaluate --run}: reads what the Job controller put in the environment and reports the outcome. */
final class PodEvaluate {
    static final Duration DOCKER_WAIT = Duration.ofMinutes(3);

    private PodEvaluate() {
    }

    static int run(String runId, String bucket, Map<String, String> env) throws Exception {
        if (bucket == null) {
            throw ArenaException.usage("evaluate --run needs the bucket: --bucket NAME or $" + StoreOptions.BUCKET_ENV);
        }
        PodEvaluation.JobIndex index = jobIndex(env);
        PodEvaluation pod = new PodEvaluation(Stores.gcs(bucket, Stores.RUNS_PREFIX), Stores.gcs(bucket, Stores.DATASETS_PREFIX),
                Files.createTempDirectory("arena-datasets-"), () -> DockerSandboxProvider.connect(DOCKER_WAIT),
                RegistryCredentials::forRepository,
                new PodEvaluation.Policy(PlanValidator.parseAllowed(env.get(PlanValidator.ALLOWED_BASE_URLS_ENV)), true),
                new PodEvaluation.Output(System.out::println, env.get("HOSTNAME")))
                .withAgentTarballs(Stores.gcs(bucket, Stores.AGENTS_PREFIX));
        PodEvaluation.Outcome outcome = pod.evaluate(runId, index);
        return report(outcome);
    }

    /** The pod's turn from the variables job.yaml and JobManifest set; a resume Job adds its item list. */
    static PodEvaluation.JobIndex jobIndex(Map<String, String> env) {
        int index = number(env, "JOB_COMPLETION_INDEX", null);
        String items = env.get(JobItems.ENV);
        return new PodEvaluation.JobIndex(index, items == null ? null : JobItems.parse(items),
                number(env, "ARENA_INDEX_FAILURES", 0), number(env, "ARENA_RETRIES", 0),
                number(env, "ARENA_INDEX_IGNORED_FAILURES", 0), number(env, "ARENA_RATE_LIMIT_RETRIES", 0));
    }

    static int report(PodEvaluation.Outcome outcome) throws Exception {
        if (outcome.result().isEmpty()) {
            System.err.println(outcome.item().label() + ": " + (outcome.notStarted() != null ? outcome.notStarted()
                    : "already has a result; nothing to do"));
            return ExitCode.OK.code();
        }
        TaskResult r = outcome.result().get();
        System.out.println(Json.mapper().writeValueAsString(r));
        System.err.println(outcome.item().label() + ": " + r.verdict().json()
                + (r.error() == null ? "" : " (" + r.errorKind().json() + ": " + r.error() + ")"));
        return r.verdict() == Verdict.ERROR ? ExitCode.PROBLEMS.code() : ExitCode.OK.code();
    }

    private static int number(Map<String, String> env, String name, Integer fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            if (fallback == null) {
                throw ArenaException.usage("$" + name + " is not set: evaluate --run runs in a pod of an Indexed Job");
            }
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw ArenaException.usage("$" + name + " is not a number: " + v);
        }
    }
}
