package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Labels;
import dev.arena.run.JobItems;
import dev.arena.run.RunEvent;
import dev.arena.run.RunPlan;
import dev.arena.run.StoredLogs;
import dev.arena.run.WorkItem;
import dev.arena.store.ArtifactStore;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Response;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * `arena logs`: a task's log, from its pod while the pod runs (the Kubernetes log API, the
 * evaluator container) and from the store once it has ended; or the run's events, picked out of
 * the logs of every pod of the run and merged by time, or rebuilt from the stored results when no
 * pod is left (or without a cluster).
 */
public final class RunLogs {
    static final String CONTAINER = "evaluator";
    static final String INDEX_LABEL = StuckPod.INDEX_ANNOTATION; // the Job controller sets both, same name

    private final Cluster cluster;
    private final StoredLogs stored;

    /** @param cluster null to read the store only (a local run, or no cluster configured) */
    public RunLogs(Cluster cluster, ArtifactStore runs) {
        this.cluster = cluster;
        this.stored = new StoredLogs(runs);
    }

    /**
     * Prints the task's log line by line: its running pod's (followed to its end with
     * {@code follow}), else the stored task.log (or the checkpoints of a pod that ended without
     * one), else an ended pod's. Where it came from goes to {@code notes}.
     */
    public void task(String runId, String datasetTask, int attempt, boolean follow, Consumer<String> lines, Consumer<String> notes) {
        RunPlan plan = stored.plan(runId);
        int index = StoredLogs.index(plan, datasetTask, attempt);
        WorkItem item = plan.items().get(index);
        Optional<V1Pod> pod = cluster == null ? Optional.empty() : latestPod(runId, index);
        String phase = pod.map(RunLogs::phase).orElse("");
        if ("Running".equals(phase)) {
            notes.accept(item.label() + ": from pod " + name(pod.get()) + " (running)");
            podLog(name(pod.get()), follow, lines);
            return;
        }
        Optional<StoredLogs.Text> text = stored.taskLog(plan, item);
        if (text.isPresent()) {
            notes.accept(item.label() + ": from " + text.get().location() + (text.get().partial()
                    ? " (checkpoints: its pod ended without storing logs/task.log)" : ""));
            text.get().text().lines().forEach(lines);
            return;
        }
        if (pod.isPresent() && !"Pending".equals(phase)) {
            notes.accept(item.label() + ": from pod " + name(pod.get()) + " (" + phase.toLowerCase() + ")");
            podLog(name(pod.get()), false, lines);
            return;
        }
        throw new ArenaException(ExitCode.PROBLEMS, "no log of " + item.label() + " yet: "
                + (pod.isPresent() ? "its pod " + name(pod.get()) + " is pending" : "it has not started")
                + " (see `arena status " + runId + "`)");
    }

    /** The run's events in time order; which source they came from goes to {@code notes}. */
    public List<RunEvent> events(String runId, Consumer<String> notes) {
        RunPlan plan = stored.plan(runId);
        List<V1Pod> pods = cluster == null ? List.of() : pods(runId);
        if (pods.isEmpty()) {
            notes.accept((cluster == null ? "" : "no pod of run " + runId + " is left in the cluster; ")
                    + "events rebuilt from the stored results (start and verdict of each finished task)");
            return stored.eventsFromResults(plan);
        }
        List<RunEvent> events = new ArrayList<>();
        int read = 0;
        for (V1Pod pod : pods) {
            if ("Pending".equals(phase(pod))) {
                continue;
            }
            try {
                String log = cluster.core().readNamespacedPodLog(name(pod), cluster.namespace()).container(CONTAINER).execute();
                read++;
                if (log != null) {
                    log.lines().flatMap(l -> RunEvent.parse(l).stream()).filter(e -> runId.equals(e.run())).forEach(events::add);
                }
            } catch (ApiException e) {
                notes.accept("cannot read the log of pod " + name(pod) + ": " + cluster.failure("read its log", e).getMessage());
            }
        }
        notes.accept("events from the logs of " + read + " pod(s) of run " + runId + " (pods already deleted are not included)");
        events.sort(StoredLogs.ORDER);
        return events;
    }

    private void podLog(String pod, boolean follow, Consumer<String> lines) {
        try {
            if (!follow) {
                String log = cluster.core().readNamespacedPodLog(pod, cluster.namespace()).container(CONTAINER).execute();
                if (log != null) {
                    log.lines().forEach(lines);
                }
                return;
            }
            Call call = cluster.core().readNamespacedPodLog(pod, cluster.namespace()).container(CONTAINER).follow(true).buildCall(null);
            // the log may stay silent for minutes while the agent thinks: no read timeout on this one call
            OkHttpClient patient = cluster.core().getApiClient().getHttpClient().newBuilder().readTimeout(0, TimeUnit.MILLISECONDS).build();
            try (Response response = patient.newCall(call.request()).execute()) {
                if (!response.isSuccessful() || response.body() == null) {
                    throw new ApiException(response.code(), response.message(), response.headers().toMultimap(),
                            response.body() == null ? "" : response.body().string());
                }
                try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines.accept(line);
                    }
                }
            }
        } catch (ApiException e) {
            throw cluster.failure("read the log of pod " + pod, e);
        } catch (IOException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "the log of pod " + pod + " broke off: " + e.getMessage(), e);
        }
    }

    /** The run's pods, oldest first. */
    private List<V1Pod> pods(String runId) {
        try {
            return cluster.core().listNamespacedPod(cluster.namespace()).labelSelector(KubeNames.selector(Labels.ofRun(runId)))
                    .execute().getItems().stream()
                    .sorted(Comparator.comparing((V1Pod p) -> p.getMetadata().getCreationTimestamp(),
                            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(RunLogs::name))
                    .toList();
        } catch (ApiException e) {
            throw cluster.failure("list the pods of run " + runId, e);
        }
    }

    /** The newest pod of a plan index: a retried index has one pod per try, a resumed run more Jobs. */
    private Optional<V1Pod> latestPod(String runId, int index) {
        List<V1Pod> mine = pods(runId).stream().filter(p -> planIndex(p).filter(i -> i == index).isPresent()).toList();
        return mine.isEmpty() ? Optional.empty() : Optional.of(mine.get(mine.size() - 1));
    }

    /**
     * The plan item a pod evaluates: its completion index, through the item list of a resume Job
     * (the evaluator's {@value JobItems#ENV}) when it has one, as the pod itself maps it.
     */
    static Optional<Integer> planIndex(V1Pod pod) {
        String completion = index(pod.getMetadata());
        if (completion == null || !completion.matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        int i = Integer.parseInt(completion);
        Optional<String> items = pod.getSpec() == null || pod.getSpec().getContainers() == null ? Optional.empty()
                : pod.getSpec().getContainers().stream().filter(c -> JobManifest.EVALUATOR.equals(c.getName()))
                .flatMap(c -> c.getEnv() == null ? java.util.stream.Stream.empty() : c.getEnv().stream())
                .filter(e -> JobItems.ENV.equals(e.getName()) && e.getValue() != null).map(e -> e.getValue()).findFirst();
        if (items.isEmpty()) {
            return Optional.of(i);
        }
        try {
            return Optional.of(JobItems.parse(items.get()).itemAt(i));
        } catch (dev.arena.ArenaException e) {
            return Optional.empty(); // not a pod arena made
        }
    }

    private static String index(V1ObjectMeta meta) {
        Map<String, String> annotations = meta.getAnnotations();
        if (annotations != null && annotations.containsKey(StuckPod.INDEX_ANNOTATION)) {
            return annotations.get(StuckPod.INDEX_ANNOTATION);
        }
        return meta.getLabels() == null ? null : meta.getLabels().get(INDEX_LABEL);
    }

    private static String phase(V1Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    private static String name(V1Pod pod) {
        return pod.getMetadata().getName();
    }
}
