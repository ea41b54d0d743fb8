package dev.arena.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.Json;
import dev.arena.dataset.BuildContext;
import dev.arena.eval.EvalSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunPlannerTest {

    private static final EvalSettings SETTINGS = EvalSettings.builder().agent("null").model("gpt-test").maxIterations(12)
            .taskTimeout(Duration.ofMinutes(7)).memoryBytes(512L << 20).cpus(1.5).network("none")
            .buildArgs(Map.of("BASE_IMAGE", "arena-base:bookworm", "PIP", "off")).build();

    @TempDir
    Path root;

    private static void write(Path p, String content) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private Path dataset(String name, String... taskIds) throws IOException {
        Path dir = root.resolve(name);
        write(dir.resolve("Dockerfile"), "FROM alpine\n");
        write(dir.resolve("run_tests.sh"), "#!/bin/sh\necho ok\n");
        for (String id : taskIds) {
            write(dir.resolve("tasks").resolve(id).resolve("task_description.txt"), "Do " + id + ".\n");
        }
        return dir;
    }

    @BeforeEach
    void fixtures() throws IOException {
        dataset("beta", "task-10", "task-2", "task-1");
        dataset("alpha", "a-1", "shared");
        dataset("gamma", "shared", "g");
    }

    private RunRequest request(List<String> datasets, List<String> tasks, int passAtK, String runId) {
        return new RunRequest(root, datasets, tasks, passAtK, runId, SETTINGS);
    }

    private static List<WorkItem> items(String dataset, int attempt, String... tasks) {
        return java.util.Arrays.stream(tasks).map(t -> new WorkItem(dataset, t, attempt)).toList();
    }

    @Test
    void plansEveryDatasetAndTaskInNaturalOrder() {
        RunPlan plan = RunPlanner.plan(request(List.of(), List.of(), 1, "run-1"));
        assertEquals(List.of(
                new WorkItem("alpha", "a-1", 1), new WorkItem("alpha", "shared", 1),
                new WorkItem("beta", "task-1", 1), new WorkItem("beta", "task-2", 1), new WorkItem("beta", "task-10", 1),
                new WorkItem("gamma", "g", 1), new WorkItem("gamma", "shared", 1)), plan.items());
        assertEquals(List.of("alpha", "beta", "gamma"), plan.datasets().stream().map(RunPlan.DatasetRef::name).toList());
        assertEquals(List.of(2, 3, 2), plan.datasets().stream().map(RunPlan.DatasetRef::taskCount).toList());
        RunPlan.DatasetRef beta = plan.datasets().get(1);
        assertEquals(root.resolve("beta").toAbsolutePath().normalize().toString(), beta.path());
        assertEquals(BuildContext.of(root.resolve("beta")).contentHash(), beta.contentHash());
        assertEquals("run-1", plan.runId());
        assertEquals(RunPlan.SCHEMA, plan.schema());
        assertEquals(1, plan.passAtK());
        assertEquals(SETTINGS, plan.settings());
    }

    @Test
    void plansOnlyTheSelectedDatasetsInTheGivenOrder() {
        RunPlan plan = RunPlanner.plan(request(List.of("gamma", "alpha"), List.of(), 1, "r"));
        assertEquals(List.of(new WorkItem("gamma", "g", 1), new WorkItem("gamma", "shared", 1),
                new WorkItem("alpha", "a-1", 1), new WorkItem("alpha", "shared", 1)), plan.items());
        assertEquals(List.of("gamma", "alpha"), plan.datasets().stream().map(RunPlan.DatasetRef::name).toList());
    }

    @Test
    void aTaskFilterKeepsOnlyThoseTasksAndDropsDatasetsWithoutThem() {
        RunPlan plan = RunPlanner.plan(request(List.of(), List.of("shared", "task-2"), 1, "r"));
        assertEquals(List.of(new WorkItem("alpha", "shared", 1), new WorkItem("beta", "task-2", 1),
                new WorkItem("gamma", "shared", 1)), plan.items());
        assertEquals(List.of(1, 1, 1), plan.datasets().stream().map(RunPlan.DatasetRef::taskCount).toList());

        RunPlan onlyBeta = RunPlanner.plan(request(List.of(), List.of("task-10"), 1, "r"));
        assertEquals(List.of(new WorkItem("beta", "task-10", 1)), onlyBeta.items());
        assertEquals(List.of("beta"), onlyBeta.datasets().stream().map(RunPlan.DatasetRef::name).toList());
    }

    @Test
    void passAtThreeMakesThreeItemsPerTaskInOrder() {
        RunPlan plan = RunPlanner.plan(request(List.of("alpha"), List.of(), 3, "r"));
        assertEquals(List.of(
                new WorkItem("alpha", "a-1", 1), new WorkItem("alpha", "a-1", 2), new WorkItem("alpha", "a-1", 3),
                new WorkItem("alpha", "shared", 1), new WorkItem("alpha", "shared", 2), new WorkItem("alpha", "shared", 3)),
                plan.items());
        assertEquals(3, plan.passAtK());
        assertEquals(2, plan.datasets().get(0).taskCount());
        assertEquals("r/alpha/shared/attempt-2/result.json", plan.resultKey(new WorkItem("alpha", "shared", 2)));
    }

    @Test
    void passAtOneKeysHaveNoAttemptFolder() {
        RunPlan plan = RunPlanner.plan(request(List.of("alpha"), List.of(), 1, "r"));
        assertEquals("r/alpha/shared/result.json", plan.resultKey(plan.items().get(1)));
    }

    @Test
    void anUnknownDatasetIsAUsageErrorNamingIt() {
        ArenaException e = assertThrows(ArenaException.class,
                () -> RunPlanner.plan(request(List.of("alpha", "nope"), List.of(), 1, "r")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("unknown dataset 'nope' in " + root + "; found: alpha, beta, gamma", e.getMessage());
    }

    @Test
    void unknownTasksAreAUsageErrorNamingThem() {
        ArenaException e = assertThrows(ArenaException.class,
                () -> RunPlanner.plan(request(List.of("alpha"), List.of("a-1", "task-2", "zzz"), 1, "r")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("unknown task(s) task-2, zzz in the selected datasets", e.getMessage());
    }

    @Test
    void aRunIdWithASlashIsRefused() {
        ArenaException e = assertThrows(ArenaException.class,
                () -> RunPlanner.plan(request(List.of(), List.of(), 1, "team/run-1")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("run id 'team/run-1' may only hold letters, digits, '.', '_' and '-'", e.getMessage());
        assertEquals(ExitCode.USAGE, assertThrows(ArenaException.class,
                () -> RunPlanner.plan(request(List.of(), List.of(), 1, ".."))).exitCode());
    }

    @Test
    void passAtZeroIsRefused() {
        ArenaException e = assertThrows(ArenaException.class, () -> RunPlanner.plan(request(List.of(), List.of(), 0, "r")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("--pass-at must be at least 1", e.getMessage());
    }

    @Test
    void datasetsWithoutTasksGiveNothingToRun() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty-root"));
        dataset("empty-root/lonely");
        ArenaException e = assertThrows(ArenaException.class,
                () -> RunPlanner.plan(new RunRequest(empty, List.of(), List.of(), 1, "r", SETTINGS)));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("nothing to run: the selected datasets have no tasks", e.getMessage());
    }

    @Test
    void aFolderWithoutDatasetsIsAUsageError() throws IOException {
        Path none = Files.createDirectories(root.resolve("none"));
        ArenaException e = assertThrows(ArenaException.class,
                () -> RunPlanner.plan(new RunRequest(none, List.of(), List.of(), 1, "r", SETTINGS)));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("no datasets in " + none, e.getMessage());
    }

    @Test
    void withoutARunIdTheRunIsNamedByUtcTime() {
        RunPlan plan = RunPlanner.plan(request(List.of("alpha"), List.of(), 1, null));
        assertTrue(plan.runId().matches("\\d{8}-\\d{6}"), plan.runId());
        assertTrue(RunPlanner.newRunId().matches("\\d{8}-\\d{6}"));
    }

    @Test
    void thePlanRoundTripsThroughJson() throws IOException {
        RunPlan plan = RunPlanner.plan(request(List.of("beta", "alpha"), List.of(), 2, "run-json"));
        byte[] json = Json.mapper().writeValueAsBytes(plan);
        RunPlan back = Json.mapper().readValue(json, RunPlan.class);
        assertEquals(plan.items(), back.items());
        assertEquals(plan.datasets(), back.datasets());
        assertEquals(plan.settings(), back.settings());
        assertEquals(plan.createdAt(), back.createdAt());
        assertEquals(plan, back);

        JsonNode tree = Json.mapper().readTree(json);
        assertEquals("run-json", tree.get("run_id").asText());
        assertEquals(2, tree.get("pass_at_k").asInt());
        assertEquals(10, tree.get("items").size());
        assertEquals("beta", tree.get("items").get(0).get("dataset").asText());
        assertEquals("task-1", tree.get("items").get(0).get("task").asText());
        assertEquals("arena-base:bookworm", tree.get("settings").get("build_args").get("BASE_IMAGE").asText());
        assertEquals(3, tree.get("datasets").get(0).get("task_count").asInt());
        assertTrue(tree.get("created_at").isTextual(), tree.get("created_at").toString());
    }

    @Test
    void aDatasetNamedTwiceIsPlannedOnceOrRefused() {
        RunPlan plan;
        try {
            plan = RunPlanner.plan(request(List.of("alpha", "alpha"), List.of(), 1, "r"));
        } catch (ArenaException refused) {
            assertEquals(ExitCode.USAGE, refused.exitCode());
            return;
        }
        assertEquals(plan.items().size(), new HashSet<>(plan.items()).size(), plan.items().toString());
        assertEquals(1, plan.datasets().size());
    }
}
