package dev.arena.cli;

import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.run.RunPlanner;
import dev.arena.run.SingleTaskService;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate one task of a dataset and print its result.json (what each pod runs).",
            "Exit code 0 when the task was evaluated (passed or failed), 1 when its result is an error."})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "The dataset folder.")
    Path dataset;

    @Option(names = "--task", required = true, paramLabel = "ID", description = "The task id (folder name under tasks/).")
    String task;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write result.json and the logs (default: runs/<run-id>/<dataset>/<task>).")
    Path out;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id recorded in the result (default: UTC time).")
    String runId;

    @Option(names = "--attempt", paramLabel = "N", defaultValue = "1", description = "Attempt number recorded in the result (default: ${DEFAULT-VALUE}).")
    int attempt;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nEvaluation options:%n")
    EvalOptions eval;

    @Override
    public Integer call() throws Exception {
        String id = runId != null ? runId : RunPlanner.newRunId();
        Path target = out != null ? out : Path.of("runs", id, dataset.toAbsolutePath().normalize().getFileName().toString(), task);
        TaskResult result = SingleTaskService.evaluate(dataset, task, id, attempt, eval.toSettings(), target);
        System.out.println(Json.mapper().writeValueAsString(result));
        System.err.println(task + ": " + result.verdict().json()
                + (result.error() == null ? "" : " (" + result.errorKind().json() + ": " + result.error() + ")") + "; files in " + target);
        return result.verdict() == Verdict.ERROR ? ExitCode.PROBLEMS.code() : ExitCode.OK.code();
    }
}
