package dev.arena.cli;

import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.run.RunPlanner;
import dev.arena.run.SingleTaskService;
import dev.arena.sandbox.DockerSandboxProvider;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate one task and print its result.json.",
            "Evaluates one task of a dataset; with --run, item $JOB_COMPLETION_INDEX of a run in the bucket (what each pod"
                + " of a cluster run does).",
            "Exit code 0 when the task was evaluated (passed or failed) or already had a result, 1 when its result is an"
                + " error, 2 for bad input (not retried in the cluster), 3 for an infrastructure error (retried)."})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--dataset", paramLabel = "DIR", description = "The dataset folder.")
    Path dataset;

    @Option(names = "--task", paramLabel = "ID", description = "The task id (folder name under tasks/).")
    String task;

    @Option(names = "--run", paramLabel = "RUN_ID", description = "Evaluate item $JOB_COMPLETION_INDEX of this run, from the bucket ($ARENA_BUCKET).")
    String run;

    @Mixin
    StoreOptions store;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write result.json and the logs (default: runs/<run-id>/<dataset>/<task>).")
    Path out;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id recorded in the result (default: UTC time).")
    String runId;

    @Option(names = "--attempt", paramLabel = "N", defaultValue = "1", description = "Attempt number recorded in the result (default: ${DEFAULT-VALUE}).")
    int attempt;

    @ArgGroup(exclusive = false, heading = "%nEvaluation options:%n")
    EvalOptions eval;

    @Override
    public Integer call() throws Exception {
        if (run != null) {
            if (dataset != null || task != null || eval != null || out != null) {
                throw dev.arena.ArenaException.usage("--run takes the dataset, task and settings from the run's plan; drop the other options");
            }
            return PodEvaluate.run(run, store.bucket(false), System.getenv());
        }
        if (dataset == null || task == null || eval == null) {
            throw dev.arena.ArenaException.usage("evaluate needs --dataset DIR --task ID --agent NAME, or --run RUN_ID in a pod");
        }
        String id = runId != null ? runId : RunPlanner.newRunId();
        Path target = out != null ? out : Path.of("runs", id, dataset.toAbsolutePath().normalize().getFileName().toString(), task);
        TaskResult result = SingleTaskService.evaluate(DockerSandboxProvider::connect, dataset, task, id, attempt, eval.toSettings(), target);
        System.out.println(Json.mapper().writeValueAsString(result));
        System.err.println(task + ": " + result.verdict().json()
                + (result.error() == null ? "" : " (" + result.errorKind().json() + ": " + result.error() + ")") + "; files in " + target);
        return result.verdict() == Verdict.ERROR ? ExitCode.PROBLEMS.code() : ExitCode.OK.code();
    }
}
