package dev.arena.run;

import dev.arena.agent.Agent;
import dev.arena.agent.llm.RunSpend;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.DatasetLoader;
import dev.arena.eval.Attempt;
import dev.arena.eval.TaskEvaluator;
import dev.arena.result.TaskResult;
import dev.arena.sandbox.RegistryLogin;
import dev.arena.sandbox.SandboxProvider;
import dev.arena.store.ArtifactStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs a plan's items in sandboxes of one provider (this machine's Docker engine) with a fixed
 * number of parallel workers.
 * {@link #cancel()} (Ctrl+C) interrupts the workers; each removes its container, and items that
 * did not finish get no result, so a resume runs them again. A watchdog ends an attempt still
 * running {@code grace} after its deadline (a call stuck past interrupts): its containers are
 * removed, it records a {@code timeout} error, and a new worker takes the stuck one's place.
 * Once the run's {@link RunSpend} reached its cap ({@code --max-cost}) no further attempt starts:
 * those items get no result, so a resume with a higher cap runs them.
 */
public final class WorkerPool {
    /** Time an attempt past its deadline gets to stop by itself (its tests' kill, the agent's own checks). */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(60);

    private final SandboxProvider sandboxes;
    private final Function<String, RegistryLogin> logins;
    private final ArtifactStore store;
    private final int parallel;
    private final RunListener listener;
    private final Duration grace;
    private final RunSpend spend;
    private final AtomicInteger notStarted = new AtomicInteger();
    private volatile ThreadPoolExecutor pool;
    private volatile TaskEvaluator evaluator;
    private final List<Future<?>> futures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<CompletableFuture<TaskResult>> done = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param logins the login for a prebuilt image's repository (a null login: pull anonymously)
     * @param spend  the run's account of model costs, shared by its attempts; its cap stops new ones
     */
    public WorkerPool(SandboxProvider sandboxes, ArtifactStore store, int parallel, RunListener listener,
                      Function<String, RegistryLogin> logins, RunSpend spend) {
        this(sandboxes, store, parallel, listener, logins, DEFAULT_GRACE, spend);
    }

    /** @param grace how long past its deadline an attempt may run before the watchdog ends it */
    public WorkerPool(SandboxProvider sandboxes, ArtifactStore store, int parallel, RunListener listener,
                      Function<String, RegistryLogin> logins, Duration grace) {
        this(sandboxes, store, parallel, listener, logins, grace, RunSpend.NONE);
    }

    private WorkerPool(SandboxProvider sandboxes, ArtifactStore store, int parallel, RunListener listener,
                       Function<String, RegistryLogin> logins, Duration grace, RunSpend spend) {
        this.grace = grace;
        this.spend = spend;
        this.sandboxes = sandboxes;
        this.logins = logins;
        this.store = store;
        this.parallel = parallel;
        this.listener = listener;
    }

    /** Items the last {@link #execute} did not start because the run's cap was spent. */
    public int notStarted() {
        return notStarted.get();
    }

    /**
     * Evaluates {@code items} (a subset of the plan's) with the plan's agent and returns their
     * results in plan order; items not started for the run's cap have none.
     */
    public List<TaskResult> execute(RunPlan plan, List<WorkItem> items) throws InterruptedException {
        return execute(plan, items, null);
    }

    /** @param agents the agent of each item ({@code arena regrade}: a replay of its stored patch), or null for the plan's */
    public List<TaskResult> execute(RunPlan plan, List<WorkItem> items, Function<WorkItem, Agent> agents) throws InterruptedException {
        Map<String, Dataset> datasets = new HashMap<>();
        plan.datasets().forEach(ref -> datasets.put(ref.name(), DatasetLoader.load(Path.of(ref.path()))));
        evaluator = new TaskEvaluator(sandboxes, plan.settings(), store, PlanImages.of(plan, logins), spend);
        int workers = Math.max(1, Math.min(parallel, items.size()));
        listener.runStarted(plan, items.size(), workers);
        pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(workers, new WorkerThreads(plan.runId()));
        Map<String, WorkItem> byDir = new HashMap<>();
        Map<String, CompletableFuture<TaskResult>> doneByDir = new HashMap<>();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arena-" + plan.runId() + "-watchdog");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger stuck = new AtomicInteger();
        try {
            for (WorkItem item : items) {
                Dataset dataset = datasets.get(item.dataset());
                Attempt attempt = new Attempt(plan.runId(), dataset,
                        dataset.task(item.task()).orElseThrow(() -> new IllegalStateException("task vanished: " + item.label())),
                        item.attempt(), plan.passAtK());
                String dir = plan.layout().attemptDir(item.dataset(), item.task(), item.attempt());
                CompletableFuture<TaskResult> itemDone = new CompletableFuture<>();
                byDir.put(dir, item);
                doneByDir.put(dir, itemDone);
                done.add(itemDone);
                futures.add(pool.submit(() -> {
                    try {
                        if (spend.spent()) {
                            notStarted.incrementAndGet();
                            itemDone.complete(null);
                            return;
                        }
                        listener.itemStarted(item);
                        TaskResult result = agents == null ? evaluator.evaluate(attempt, dir)
                                : evaluator.evaluate(attempt, agents.apply(item), dir);
                        if (itemDone.complete(result)) { // unless the watchdog ended it first
                            listener.itemFinished(item, result);
                        }
                    } catch (Throwable e) {
                        itemDone.completeExceptionally(e);
                    }
                }));
            }
            long every = Math.max(100, Math.min(1000, grace.toMillis() / 4));
            watchdog.scheduleWithFixedDelay(() -> {
                try {
                    evaluator.endOverdue(grace).forEach((dir, result) -> {
                        if (doneByDir.get(dir).complete(result)) {
                            stuck.incrementAndGet();
                            listener.itemFinished(byDir.get(dir), result);
                            // the stuck worker keeps its thread: one more takes its place for the queued items
                            pool.setMaximumPoolSize(pool.getMaximumPoolSize() + 1);
                            pool.setCorePoolSize(pool.getCorePoolSize() + 1);
                        }
                    });
                } catch (RuntimeException e) {
                    listener.warning("watchdog: " + e.getMessage());
                }
            }, every, every, TimeUnit.MILLISECONDS);
            pool.shutdown();
            List<TaskResult> results = new ArrayList<>();
            for (Future<TaskResult> f : done) {
                try {
                    TaskResult r = f.get();
                    if (r != null) {
                        results.add(r);
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof InterruptedException) {
                        throw new InterruptedException("run cancelled");
                    }
                    throw new IllegalStateException("a worker failed outside the evaluator", e.getCause());
                } catch (java.util.concurrent.CancellationException e) {
                    throw new InterruptedException("run cancelled");
                }
            }
            return results;
        } finally {
            watchdog.shutdownNow();
            pool.shutdownNow();
            // workers remove their sandboxes before the caller closes the provider (the watchdog removed the stuck ones')
            pool.awaitTermination(stuck.get() > 0 ? 1 : 60, TimeUnit.SECONDS);
        }
    }

    /** Stops the run: interrupts the workers and waits (bounded) until they have removed their containers. */
    public void cancel(long waitSeconds) throws InterruptedException {
        TaskEvaluator e = evaluator;
        ThreadPoolExecutor p = pool;
        if (e != null) {
            e.cancel();
        }
        if (p != null) {
            p.shutdownNow();
            futures.forEach(f -> f.cancel(false));
            done.forEach(f -> f.cancel(false));
            p.awaitTermination(waitSeconds, TimeUnit.SECONDS);
        }
    }

    private static final class WorkerThreads implements java.util.concurrent.ThreadFactory {
        private final String runId;
        private final AtomicInteger count = new AtomicInteger();

        WorkerThreads(String runId) {
            this.runId = runId;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "arena-" + runId + "-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
