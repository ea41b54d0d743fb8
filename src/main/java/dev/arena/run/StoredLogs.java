package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.result.TaskResult;
import dev.arena.store.ArtifactStore;
import dev.arena.store.RunLayout;
import dev.arena.store.StoredObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the runs store keeps of a run's logs: an attempt's task.log, or when its pod ended
 * without storing one, the checkpoints it left ({@code live-logs/}); and the run's events as far
 * as the stored results tell them (start and verdict of each finished attempt).
 */
public final class StoredLogs {
    /** A task log and where it came from; {@code partial} when read from checkpoints. */
    public record Text(String text, String location, boolean partial) {
    }

    private final RunRepository runs;

    public StoredLogs(ArtifactStore store) {
        this.runs = new RunRepository(store);
    }

    /** The run's plan; an unknown run is bad input. */
    public RunPlan plan(String runId) {
        return runs.loadPlan(runId);
    }

    /** The plan's index of {@code DATASET/TASK}'s attempt; one that is not planned is bad input. */
    public static int index(RunPlan plan, String datasetTask, int attempt) {
        int slash = datasetTask.indexOf('/');
        if (slash <= 0 || slash == datasetTask.length() - 1) {
            throw ArenaException.usage("name the task as DATASET/TASK, not '" + datasetTask + "'");
        }
        WorkItem wanted = new WorkItem(datasetTask.substring(0, slash), datasetTask.substring(slash + 1), attempt);
        int index = plan.items().indexOf(wanted);
        if (index >= 0) {
            return index;
        }
        boolean taskPlanned = plan.items().stream().anyMatch(i -> i.dataset().equals(wanted.dataset()) && i.task().equals(wanted.task()));
        throw ArenaException.usage(taskPlanned
                ? "run " + plan.runId() + " has no attempt " + attempt + " of " + datasetTask + " (attempts 1.." + plan.passAtK() + ")"
                : "no task " + datasetTask + " in run " + plan.runId() + " (see `arena status " + plan.runId() + "`)");
    }

    /** The attempt's task.log, else the last pod's checkpoints joined, else empty. */
    public Optional<Text> taskLog(RunPlan plan, WorkItem item) {
        String key = plan.layout().attemptDir(item.dataset(), item.task(), item.attempt()) + RunLayout.TASK_LOG;
        Optional<byte[]> log = runs.store().get(key);
        if (log.isPresent()) {
            return Optional.of(new Text(new String(log.get(), StandardCharsets.UTF_8), runs.store().locate(key), false));
        }
        String live = plan.layout().liveLogDir(item.dataset(), item.task(), item.attempt());
        List<String> pods = runs.store().folders(live); // <ms>-<pod>: the last started sorts last
        if (pods.isEmpty()) {
            return Optional.empty();
        }
        String folder = live + pods.get(pods.size() - 1) + "/";
        StringBuilder text = new StringBuilder();
        for (StoredObject part : runs.store().list(folder)) {
            runs.store().get(part.key()).ifPresent(b -> text.append(new String(b, StandardCharsets.UTF_8)));
        }
        return Optional.of(new Text(text.toString(), runs.store().locate(folder), true));
    }

    /** Each stored result as two events, started and verdict, ordered by time. */
    public List<RunEvent> eventsFromResults(RunPlan plan) {
        List<RunEvent> events = new ArrayList<>();
        for (Map.Entry<WorkItem, TaskResult> e : runs.results(plan).entrySet()) {
            TaskResult r = e.getValue();
            int index = plan.items().indexOf(e.getKey());
            if (r.startTime() != null) {
                events.add(RunEvent.of(r.startTime(), RunEvent.STARTED, plan.runId(), index, e.getKey(), null, null, null));
            }
            if (r.endTime() != null) {
                events.add(RunEvent.of(r.endTime(), RunEvent.VERDICT, plan.runId(), index, e.getKey(), null, r.verdict().json(),
                        r.errorKind() == null ? null : r.errorKind().json() + ": " + r.error()));
            }
        }
        events.sort(ORDER);
        return events;
    }

    /** By time, then by plan index, started before phases before verdicts at the same instant. */
    public static final Comparator<RunEvent> ORDER = Comparator.comparing(RunEvent::time).thenComparingInt(RunEvent::index)
            .thenComparingInt(e -> List.of(RunEvent.STARTED, RunEvent.PHASE, RunEvent.VERDICT).indexOf(e.event()));
}
