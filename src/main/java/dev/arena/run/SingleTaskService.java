package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.dataset.Task;
import dev.arena.eval.Attempt;
import dev.arena.eval.EvalSettings;
import dev.arena.eval.TaskEvaluator;
import dev.arena.result.TaskResult;
import dev.arena.sandbox.SandboxProvider;
import dev.arena.store.LocalStore;
import dev.arena.store.RunLayout;

import java.nio.file.Path;

/** {@code arena evaluate}: one task, one attempt, files straight into an output folder. */
public final class SingleTaskService {
    private SingleTaskService() {
    }

    public static TaskResult evaluate(SandboxProvider.Factory sandboxes, Path datasetDir, String taskId, String runId, int attempt,
                                      EvalSettings settings, Path out)
            throws InterruptedException {
        Dataset dataset = DatasetLoader.load(datasetDir);
        Task task = dataset.task(taskId).orElseThrow(() -> ArenaException.usage(
                "no task '" + taskId + "' in " + dataset.dir() + "; tasks: "
                        + String.join(", ", dataset.tasks().stream().map(Task::id).toList())));
        if (java.nio.file.Files.exists(out.resolve(RunLayout.RESULT))) {
            throw ArenaException.usage(out + " already holds a result; choose another --out or remove it");
        }
        try (SandboxProvider provider = sandboxes.open()) {
            TaskEvaluator evaluator = new TaskEvaluator(provider, settings, new LocalStore(out));
            return evaluator.evaluate(new Attempt(runId, dataset, task, attempt, 1), "");
        }
    }
}
