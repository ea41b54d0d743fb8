package dev.arena.eval;

import dev.arena.Json;
import dev.arena.Labels;
import dev.arena.agent.Agent;
import dev.arena.agent.AgentContext;
import dev.arena.agent.llm.RunSpend;
import dev.arena.dataset.BuildContext;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetSettings;
import dev.arena.dataset.DescriptionException;
import dev.arena.dataset.DescriptionParser;
import dev.arena.dataset.TaskDescription;
import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;
import dev.arena.result.Phase;
import dev.arena.result.ResultSummary;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.sandbox.BuiltImage;
import dev.arena.sandbox.ImageBuildException;
import dev.arena.sandbox.ImageSource;
import dev.arena.sandbox.Sandbox;
import dev.arena.sandbox.SandboxException;
import dev.arena.sandbox.SandboxNetwork;
import dev.arena.sandbox.SandboxProvider;
import dev.arena.sandbox.SandboxSpec;
import dev.arena.sandbox.StagedSandbox;
import dev.arena.store.ArtifactStore;
import dev.arena.store.RunLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Evaluates one attempt: image, sandboxes, agent, patch, grading, collect. Two sandboxes start:
 * the agent works in one, of the pristine image; the verdict comes from the other, which the
 * agent never touches (see {@link PatchTaker}): the pristine image (with its pristine tree
 * recorded once per image, outside /app) plus the agent's patch
 * (its change under /app minus the protected paths) plus the hidden test files. The same code
 * runs on a laptop and in a pod. Every attempt that is not interrupted ends with a result file,
 * whatever failed; both containers are removed in every case. An attempt stuck past its deadline
 * in a call that ignores interrupts is ended from outside by {@link #endOverdue(Duration)}.
 */
public final class TaskEvaluator {
    /** Starts grading sandboxes (deriving their image on an image's first attempt) while the agent works. */
    private static final ExecutorService BACKGROUND = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "arena-grading-setup");
        t.setDaemon(true);
        return t;
    });

    private final SandboxProvider sandboxes;
    private final EvalSettings settings;
    private final ArtifactStore store;
    private final Grader grader = new Grader();
    private final PrebuiltImages prebuilt;
    private final RunSpend runSpend;
    private volatile boolean cancelled;
    /** The attempts in progress, by their directory, for {@link #endOverdue(Duration)}. */
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    public TaskEvaluator(SandboxProvider sandboxes, EvalSettings settings, ArtifactStore store) {
        this(sandboxes, settings, store, PrebuiltImages.NONE);
    }

    /** @param sandboxes where images are made and sandboxes started; the caller closes it */
    public TaskEvaluator(SandboxProvider sandboxes, EvalSettings settings, ArtifactStore store, PrebuiltImages prebuilt) {
        this(sandboxes, settings, store, prebuilt, RunSpend.NONE);
    }

    /** @param runSpend the run's account of model costs, given to every agent (its cap stops their calls) */
    public TaskEvaluator(SandboxProvider sandboxes, EvalSettings settings, ArtifactStore store, PrebuiltImages prebuilt, RunSpend runSpend) {
        this.sandboxes = sandboxes;
        this.settings = settings;
        this.store = store;
        this.prebuilt = prebuilt;
        this.runSpend = runSpend;
    }

    /** Evaluates with the agent named in the settings and stores the files under {@code dir}. */
    public TaskResult evaluate(Attempt attempt, String dir) throws InterruptedException {
        return evaluate(attempt, Agents.create(settings), dir, AttemptListener.NONE);
    }

    /** The same, telling {@code listener} each log entry and phase as the attempt goes. */
    public TaskResult evaluate(Attempt attempt, String dir, AttemptListener listener) throws InterruptedException {
        return evaluate(attempt, Agents.create(settings), dir, listener);
    }

    /**
     * Stops every attempt in progress: they remove their containers and end with
     * InterruptedException, storing nothing, so a resume evaluates them again. A flag rather
     * than the thread's interrupt status, which I/O libraries clear on the way.
     */
    public void cancel() {
        cancelled = true;
    }

    /** Evaluates with a given agent (tests use their own); throws only when cancelled or interrupted. */
    public TaskResult evaluate(Attempt attempt, Agent agent, String dir) throws InterruptedException {
        return evaluate(attempt, agent, dir, AttemptListener.NONE);
    }

    /** With a given agent, telling {@code listener} as the attempt goes. */
    public TaskResult evaluate(Attempt attempt, Agent agent, String dir, AttemptListener listener) throws InterruptedException {
        Optional<TaskResult> existing = existingResult(dir);
        if (existing.isPresent()) {
            return existing.get(); // a retried worker must not redo (or overwrite) a finished attempt
        }
        ResultBuilder result = new ResultBuilder(attempt, settings);
        TaskLog log = new TaskLog(listener::logged);
        Artifacts files = new Artifacts();
        Sandbox sandbox = null;
        Future<?> agentRemoval = null;
        Future<StagedSandbox> gradingStart = null;
        StagedSandbox grading = null;
        SandboxNetwork network = null;
        log.accept("evaluating " + attempt.label() + " with agent " + agent.name() + " (run " + attempt.runId() + ")");
        // the task's time covers its image build, sandboxes, agent and tests
        Instant deadline = Instant.now().plus(settings.taskTimeout());
        Running run = new Running(dir, deadline, result, log, files);
        running.put(dir, run);
        try {
            enter(result, Phase.IMAGE, listener);
            TaskDescription description = readDescription(attempt);
            DatasetSettings datasetSettings = readSettings(attempt.dataset());
            BuiltImage image = buildImage(attempt.dataset(), files, log, deadline);
            result.image(image.tag());

            enter(result, Phase.SANDBOX, listener);
            // the grading sandbox starts beside the agent's, from the image with the pristine tree
            // recorded (made on the image's first attempt), so its cost hides behind the agent
            PatchTaker patches = new PatchTaker(ProtectedPaths.of(datasetSettings));
            SandboxSpec gradingSpec = spec(attempt, image.tag(), "-grading", datasetSettings.testsNetwork());
            // its main process is the grading: the diff, then the tests, each released when its time comes
            gradingStart = BACKGROUND.submit(() -> run.track(sandboxes.startStaged(PatchTaker.gradingSpec(sandboxes, gradingSpec),
                    patches.prepareCommand(), Grader.command(attempt.task()))));
            String agentNetwork = settings.network();
            if (SandboxNetwork.INTERNAL_MODE.equals(agentNetwork)) {
                network = sandboxes.network(name(attempt, "-net"), labels(attempt));
                network.warning().ifPresent(log);
                agentNetwork = network.name();
            }
            sandbox = run.track(sandboxes.start(spec(attempt, image.tag(), "", agentNetwork)));
            checkCancelled();

            enter(result, Phase.AGENT, listener);
            SandboxNetwork own = network;
            result.usage(agent.solve(new AgentContext(sandbox, attempt.task(), description, settings.maxIterations(), deadline, log,
                    files.extra::put, own == null ? port -> { } : own::allowTcp, runSpend)));
            checkDeadline(deadline);

            enter(result, Phase.PATCH, listener);
            // every process the agent left stops first: none runs again (so none competes with the
            // tests), and its tree is read as it is at one moment
            sandbox.stop();
            PatchTaker.Patch patch;
            // read while the grading sandbox may still be starting; the grader's files go in with it
            try (PatchTaker.AgentTreeCopy tree = patches.readAgentTree(sandbox, Grader.files(attempt.dataset(), attempt.task()))) {
                agentRemoval = BACKGROUND.submit(sandbox::close); // nothing of it is needed any more; awaited at the end
                grading = await(gradingStart);
                patch = takePatch(patches, tree, grading, files, result);
            }
            log.accept("agent changed " + patch.files() + " file(s)" + (patch.protectedChanges().isEmpty() ? ""
                    : "; changes to protected paths not applied: " + String.join(", ", patch.protectedChanges())));

            enter(result, Phase.GRADING, listener);
            checkDeadline(deadline);
            Grader.Grade grade = grader.grade(grading, description.metadata().get("parser_name"), Duration.between(Instant.now(), deadline));
            files.testOutput = grade.output();
            result.graded(grade.exitCode(), grade.report(), grade.verdict(), grade.timedOut());
            log.accept(grade.timedOut() ? "tests ran past their time limit -> failed"
                    : "tests exited " + grade.exitCode() + ": " + grade.report().passed() + " passed, "
                    + grade.report().failed() + " failed (" + grade.report().format() + ") -> " + grade.verdict().json());
        } catch (EvaluationException e) {
            if (e.usage() != null) {
                result.usage(e.usage());
            }
            fail(result, log, e.kind(), e.getMessage());
        } catch (ImageBuildException e) {
            fail(result, log, ErrorKind.IMAGE_BUILD, e.getMessage());
            if (e.buildLog() != null) {
                files.buildLog = e.buildLog();
            }
        } catch (SandboxException e) {
            fail(result, log, ErrorKind.INFRA, e.getMessage());
        } catch (RuntimeException e) {
            fail(result, log, ErrorKind.INFRA, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            if (agentRemoval != null) {
                awaitUninterruptibly(agentRemoval);
            }
            if (sandbox != null) {
                sandbox.close();
            }
            closeWhenStarted(grading, gradingStart);
            closeNetwork(network, log);
            running.remove(dir);
        }
        if (run.endedWith != null) {
            return run.endedWith; // the watchdog stored it
        }
        if (cancelled || Thread.interrupted()) {
            throw new InterruptedException("evaluation of " + attempt.label() + " cancelled");
        }
        TaskResult done = result.build();
        listener.finished(done);
        if (!files.store(store, dir, done, log)) {
            return existingResult(dir).orElse(done);
        }
        return done;
    }

    /**
     * The watchdog's call: ends every attempt more than {@code grace} past its deadline, whatever
     * its thread is doing (a Docker call that ignores interrupts, an agent that never returns):
     * removes its sandboxes and stores a {@code timeout} error for it. Its thread, if it ever
     * returns, stores nothing more and returns that result.
     *
     * @return the results stored, by the attempt's directory
     */
    public Map<String, TaskResult> endOverdue(Duration grace) {
        Map<String, TaskResult> ended = new java.util.LinkedHashMap<>();
        for (Running run : running.values()) {
            if (Instant.now().isAfter(run.deadline.plus(grace)) && run.end()) {
                fail(run.result, run.log, ErrorKind.TIMEOUT, "the attempt ran past its time limit of " + settings.taskTimeout().toSeconds()
                        + "s and did not stop; ended " + grace.toSeconds() + "s later by the watchdog");
                TaskResult done = run.result.build();
                try {
                    if (!run.files.store(store, run.dir, done, run.log)) {
                        done = existingResult(run.dir).orElse(done);
                    }
                } catch (RuntimeException e) {
                    run.log.accept("cannot store the result: " + e.getMessage());
                }
                run.endedWith = done;
                ended.put(run.dir, done);
            }
        }
        return ended;
    }

    /** An attempt in progress as the watchdog sees it: its deadline, what it learned so far and its sandboxes. */
    private static final class Running {
        final String dir;
        final Instant deadline;
        final ResultBuilder result;
        final TaskLog log;
        final Artifacts files;
        final java.util.List<Sandbox> sandboxes = new java.util.concurrent.CopyOnWriteArrayList<>();
        private boolean ended;
        volatile TaskResult endedWith;

        Running(String dir, Instant deadline, ResultBuilder result, TaskLog log, Artifacts files) {
            this.dir = dir;
            this.deadline = deadline;
            this.result = result;
            this.log = log;
            this.files = files;
        }

        /** Remembers a sandbox to remove if the attempt is ended; one started after that is removed at once. */
        synchronized <S extends Sandbox> S track(S sandbox) {
            sandboxes.add(sandbox);
            if (ended) {
                sandbox.close();
            }
            return sandbox;
        }

        /** True for the one call that ends it; closes its sandboxes. */
        synchronized boolean end() {
            if (ended) {
                return false;
            }
            ended = true;
            sandboxes.forEach(Sandbox::close);
            return true;
        }
    }

    /**
     * The agent's change, as read from its sandbox, unpacked in the grading one, diffed and
     * applied there; recorded in the result and the files even when it does not apply.
     */
    private static PatchTaker.Patch takePatch(PatchTaker patches, PatchTaker.AgentTreeCopy tree, StagedSandbox grading,
                                              Artifacts files, ResultBuilder result) throws EvaluationException, InterruptedException {
        PatchTaker.Patch patch;
        try {
            patch = patches.diffAndApply(grading, tree);
        } catch (PatchTaker.PatchFailed e) {
            files.patch = e.patch().diff();
            result.protectedChanges(e.patch().protectedChanges());
            throw e;
        }
        files.patch = patch.diff();
        result.protectedChanges(patch.protectedChanges());
        return patch;
    }

    private static void awaitUninterruptibly(Future<?> step) {
        boolean interrupted = Thread.interrupted();
        while (true) {
            try {
                step.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                break; // close() reports nothing
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The value of a background step, its failure rethrown as the step threw it. */
    private static <T> T await(Future<T> step) throws EvaluationException, InterruptedException {
        try {
            return step.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof EvaluationException ee) {
                throw ee;
            } else if (cause instanceof InterruptedException ie) {
                throw ie;
            } else if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * Closes the grading sandbox, waiting for its start when the attempt ended before it was taken.
     * The wait ignores interrupts (Ctrl+C interrupts a worker more than once): giving up on it
     * would leave a container that is still being created, after every cleanup has run.
     */
    private static void closeWhenStarted(Sandbox grading, Future<? extends Sandbox> start) {
        Sandbox toClose = grading;
        if (toClose == null && start != null) {
            boolean interrupted = Thread.interrupted();
            while (true) {
                try {
                    toClose = start.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    break; // it never started
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    /** Unreadable counts as none: evaluate again; the final write still refuses to overwrite. */
    private Optional<TaskResult> existingResult(String dir) {
        return store.get(dir + RunLayout.RESULT).flatMap(TaskResult::parse);
    }

    /** Starts a phase, unless the run was cancelled: then the attempt stops here and stores nothing. */
    private void enter(ResultBuilder result, Phase phase, AttemptListener listener) throws InterruptedException {
        checkCancelled();
        result.phase(phase);
        listener.phase(phase);
    }

    private void checkCancelled() throws InterruptedException {
        if (cancelled) {
            throw new InterruptedException("cancelled");
        }
    }

    private TaskDescription readDescription(Attempt attempt) throws EvaluationException {
        try {
            return DescriptionParser.parse(attempt.task().readDescription()); // never through a link
        } catch (IOException e) {
            throw new EvaluationException(ErrorKind.TASK, "cannot read " + attempt.task().descriptionFile() + ": " + e.getMessage());
        } catch (DescriptionException e) {
            throw new EvaluationException(ErrorKind.TASK, "task description: " + e.getMessage());
        }
    }

    private BuiltImage buildImage(Dataset dataset, Artifacts files, TaskLog log, Instant deadline)
            throws InterruptedException, EvaluationException {
        if (prebuilt.enabled()) {
            Optional<String> reference = prebuilt.reference(dataset.name());
            if (reference.isEmpty()) {
                log.accept("no prebuilt image recorded for dataset " + dataset.name() + "; building it from the dataset");
            } else {
                long start = System.nanoTime();
                try {
                    boolean pulled = sandboxes.pull(reference.get(), () -> prebuilt.login(reference.get()));
                    log.accept(pulled ? String.format("image %s (pulled in %.1fs)", reference.get(), (System.nanoTime() - start) / 1e9)
                            : "image " + reference.get() + " (pulled earlier)");
                    return new BuiltImage(reference.get(), true, "");
                } catch (ImageBuildException | dev.arena.ArenaException e) { // no image or no credentials for it
                    checkCancelled();
                    log.accept(e.getMessage() + "; building the image from the dataset instead");
                }
            }
        }
        Duration left = Duration.between(Instant.now(), deadline);
        boolean taskLimits = left.compareTo(settings.buildTimeout()) < 0;
        BuiltImage image;
        try {
            image = sandboxes.build(new ImageSource(dataset.name(), BuildContext.of(dataset.dir()),
                    dataset.dir().resolve(Dataset.DOCKERFILE), settings.buildArgs()), taskLimits ? left : settings.buildTimeout());
        } catch (ImageBuildException e) {
            if (taskLimits && Instant.now().isAfter(deadline)) {
                files.buildLog = e.buildLog();
                throw new EvaluationException(ErrorKind.TIMEOUT, "the attempt ran past its time limit of "
                        + settings.taskTimeout().toSeconds() + "s while its image was built");
            }
            throw e;
        }
        log.accept("image " + image.tag() + (image.reused() ? " (reused)" : " (built)"));
        if (!image.log().isEmpty()) {
            files.buildLog = image.log();
        }
        return image;
    }

    /** The agent's sandbox (role "") or the grading one ("-grading"): same image, limits and labels. */
    private SandboxSpec spec(Attempt attempt, String image, String role, String network) {
        return new SandboxSpec(image, name(attempt, role), settings.memoryBytes(), settings.cpus(), network,
                labels(attempt), settings.pidsLimit(), settings.nofile());
    }

    /** A container's or network's name: the attempt, its role, a random suffix (a retried attempt's may still exist). */
    private static String name(Attempt attempt, String role) {
        return ("arena-" + attempt.runId() + "-" + attempt.dataset().name() + "-" + attempt.task().id() + "-" + attempt.number())
                .replaceAll("[^a-zA-Z0-9_.-]", "-") + role + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000));
    }

    private static Map<String, String> labels(Attempt attempt) {
        return Labels.forSandbox(attempt.runId(), attempt.dataset().name(), attempt.task().id());
    }

    /** After the agent's sandbox; a network left behind goes with the run's cleanup by label. */
    private static void closeNetwork(SandboxNetwork network, TaskLog log) {
        if (network == null) {
            return;
        }
        try {
            network.close();
        } catch (SandboxException e) {
            log.accept("the attempt's network stays until the run's cleanup: " + e.getMessage());
        }
    }

    private static DatasetSettings readSettings(Dataset dataset) throws EvaluationException {
        try {
            return DatasetSettings.read(dataset.dir());
        } catch (DatasetSettings.Invalid e) {
            throw new EvaluationException(ErrorKind.TASK, "dataset " + dataset.name() + ": " + e.getMessage());
        }
    }

    private void checkDeadline(Instant deadline) throws EvaluationException {
        if (Instant.now().isAfter(deadline)) {
            throw new EvaluationException(ErrorKind.TIMEOUT, "the attempt ran past its time limit of " + settings.taskTimeout().toSeconds() + "s");
        }
    }

    private static void fail(ResultBuilder result, TaskLog log, ErrorKind kind, String message) {
        result.error(kind, message);
        Phase phase = result.currentPhase();
        log.accept("ERROR (" + kind.json() + ") in phase " + (phase == null ? "start" : phase.json()) + ": " + message);
    }

    /** The files of an attempt besides result.json; written last, result.json after them. */
    private static final class Artifacts {
        byte[] patch = new byte[0];
        String testOutput;
        String buildLog;
        final Map<String, byte[]> extra = new java.util.concurrent.ConcurrentHashMap<>();

        /** Stores the files; false when another writer stored a result for this attempt first. */
        boolean store(ArtifactStore store, String dir, TaskResult result, TaskLog log) {
            try {
                store.put(dir + RunLayout.PATCH, patch);
                if (testOutput != null) {
                    store.put(dir + RunLayout.TEST_OUTPUT, testOutput.getBytes(StandardCharsets.UTF_8));
                }
                if (buildLog != null) {
                    store.put(dir + RunLayout.BUILD_LOG, buildLog.getBytes(StandardCharsets.UTF_8));
                }
                for (Map.Entry<String, byte[]> file : extra.entrySet()) {
                    store.put(dir + file.getKey(), file.getValue());
                }
                store.put(dir + RunLayout.TASK_LOG, log.text().getBytes(StandardCharsets.UTF_8));
                // result.json last: its presence means the attempt is complete; never overwrite one
                return store.putIfAbsent(dir + RunLayout.RESULT, Json.mapper().writeValueAsBytes(result),
                        ResultSummary.of(result).toMetadata());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store the result of " + dir, e);
            }
        }
    }
}
