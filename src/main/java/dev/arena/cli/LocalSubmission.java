package dev.arena.cli;

import dev.arena.ExitCode;
import dev.arena.images.PrebuiltLookup;
import dev.arena.images.RegistryCredentials;
import dev.arena.run.Executor;
import dev.arena.run.LocalExecutor;
import dev.arena.run.RunRequest;
import dev.arena.sandbox.DockerSandboxProvider;
import dev.arena.store.ArtifactStore;

/**
 * The local branch of {@code arena run}: evaluate on this machine's Docker with live progress,
 * Ctrl+C that removes containers and says how to resume, and the table at the end.
 */
final class LocalSubmission {
    private final ArtifactStore runs;
    private final int workers;
    private final String resumeFlags;
    private final PrebuiltLookup prebuilt;

    /** @param prebuilt where `--use-prebuilt` looks for images, or null */
    LocalSubmission(ArtifactStore runs, int workers, String resumeFlags, PrebuiltLookup prebuilt) {
        this.runs = runs;
        this.workers = workers;
        this.resumeFlags = resumeFlags;
        this.prebuilt = prebuilt;
    }

    /** A new run from {@code request}, or, with {@code request} null, the resume of {@code runId}. */
    int run(String runId, RunRequest request, boolean retryErrors) throws InterruptedException {
        ProgressPrinter progress = new ProgressPrinter(System.err);
        LocalExecutor service = new LocalExecutor(DockerSandboxProvider::connect, runs, workers, progress,
                RegistryCredentials::forRepository, prebuilt);
        try (Interrupts onCtrlC = Interrupts.onInterrupt(() -> {
            service.cancel();
            progress.interrupted(runId, "./arena.sh run --local --resume " + runId + resumeFlags);
        })) {
            Executor.Outcome outcome = request == null ? service.resume(runId, retryErrors) : service.start(request);
            progress.finished();
            new StatusPrinter(System.err).print(outcome.status(), runs.locate(runId + "/"));
            System.out.println(runId);
            return outcome.status().errors() > 0 || !outcome.status().complete() ? ExitCode.PROBLEMS.code() : ExitCode.OK.code();
        }
    }
}
