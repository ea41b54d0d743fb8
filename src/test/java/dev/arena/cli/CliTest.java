package dev.arena.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.cli.ArenaCli.Result;
import dev.arena.dataset.BuildContext;
import dev.arena.eval.EvalSettings;
import dev.arena.result.ErrorKind;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;
import dev.arena.run.RunPlan;
import dev.arena.run.RunRepository;
import dev.arena.run.WorkItem;
import dev.arena.store.LocalStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {

    @TempDir
    Path tmp;

    private static Result arena(String... args) {
        return ArenaCli.run(args);
    }

    /** Exit 2 with exactly one "arena: " line (maybe followed by picocli's "Try ... --help" hint) and no trace. */
    private static void assertUsageError(Result r, String expectedMessage) {
        assertEquals(2, r.code(), r.toString());
        List<String> arenaLines = r.errLines().stream().filter(l -> l.startsWith("arena: ")).toList();
        assertEquals(List.of("arena: " + expectedMessage), arenaLines, r.err());
        assertEquals("arena: " + expectedMessage, r.errLines().get(0));
        assertFalse(r.err().contains("at dev."), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals("", r.out());
    }

    private static void write(Path p, String content) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private Path goodDataset(Path parent, String name, String... tasks) throws IOException {
        Path dir = parent.resolve(name);
        write(dir.resolve("Dockerfile"), "FROM alpine\n");
        write(dir.resolve("run_tests.sh"), "#!/bin/sh\necho ok\n");
        for (String t : tasks) {
            write(dir.resolve("tasks/" + t + "/task_description.txt"), "Do " + t + ".\n");
            write(dir.resolve("tasks/" + t + "/task_diff.txt"), "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n");
        }
        return dir;
    }

    @Test
    void helpExitsZeroAndListsTheCommands() {
        Result r = arena("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Usage: arena "), r.out());
        List<String> commands = r.outLines().stream()
                .filter(l -> l.matches("  [a-z]+(, [a-z-]+)? +\\S.*"))
                .map(l -> l.strip().split("[ ,]+")[0])
                .toList();
        assertEquals(List.of("run", "status", "logs", "report", "evaluate", "validate", "regrade", "upload", "images", "results", "runs", "models", "setup", "doctor", "deploy", "scale", "cleanup",
                        "teardown", "help"),
                commands);
        assertTrue(r.out().contains("Exit codes: 0 ok, 1 problems found"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void everyListedCommandHasAOneLineSummaryAndNoHelpBreaksAWord() {
        checkHelp(Main.commandLine());
    }

    /** The help of {@code command} and of each command below it that lists subcommands (root, images, results, runs). */
    private static void checkHelp(picocli.CommandLine command) {
        if (command.getSubcommands().isEmpty()) {
            return;
        }
        var spec = command.getCommandSpec();
        List<String> words = new java.util.ArrayList<>(List.of(spec.qualifiedName().split(" ")));
        words.remove(0);
        words.add("--help");
        Result r = arena(words.toArray(String[]::new));
        assertEquals(0, r.code(), r.toString());
        int width = spec.usageMessage().width();
        Set<String> sourceWords = new HashSet<>();
        java.util.function.Consumer<String[]> addWords = texts -> Arrays.stream(texts)
                .forEach(t -> sourceWords.addAll(List.of(t.replace("%%", "%").split("\\s+"))));
        addWords.accept(spec.usageMessage().description());
        addWords.accept(spec.usageMessage().footer());
        spec.args().forEach(a -> addWords.accept(a.description()));
        List<String> lines = r.outLines();
        for (picocli.CommandLine sub : new LinkedHashSet<>(command.getSubcommands().values())) {
            var subSpec = sub.getCommandSpec();
            // what picocli lists: the first line of the header, or else of the description
            String[] header = subSpec.usageMessage().header();
            String[] description = header.length > 0 ? header : subSpec.usageMessage().description();
            String summary = description.length == 0 ? "" : description[0].replace("%%", "%");
            addWords.accept(new String[] {summary});
            String where = spec.qualifiedName() + " " + subSpec.name() + ": '" + summary + "'";
            assertFalse(summary.isBlank() || summary.contains("%n") || summary.endsWith(":"), where);
            String names = String.join(", ", subSpec.names());
            List<String> listed = lines.stream().filter(l -> l.startsWith("  " + names + " ")).toList();
            assertEquals(1, listed.size(), where + " in\n" + r.out());
            assertTrue(listed.get(0).endsWith(" " + summary), "the summary is cut: " + listed.get(0));
            assertTrue(listed.get(0).length() <= width, "wider than " + width + ": " + listed.get(0));
        }
        for (int i = 1; i < lines.size(); i++) {
            String before = lines.get(i - 1).strip();
            String after = lines.get(i).strip();
            if (before.isEmpty() || after.isEmpty()) {
                continue;
            }
            String joined = before.substring(before.lastIndexOf(' ') + 1) + after.split(" ")[0];
            assertFalse(sourceWords.contains(joined), spec.qualifiedName() + " --help breaks '" + joined + "' across lines:\n"
                    + lines.get(i - 1) + "\n" + lines.get(i));
        }
        command.getSubcommands().values().stream().distinct().forEach(CliTest::checkHelp);
    }

    @Test
    void deployWithoutARegistryOrAnImageSaysWhichToPass() {
        assertUsageError(arena("deploy"), "pass --registry REGION-docker.pkg.dev/PROJECT/REPO (or set ARENA_REGISTRY, or run `arena setup`) to build and"
                + " push the evaluator image, or --image REF to use an existing one");
    }

    @Test
    void imagesCommandsNeedARegistryToPushListOrPrune() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("ARENA_REGISTRY") == null, "ARENA_REGISTRY is set here");
        String expected = "no registry: pass --registry HOST/PATH, set ARENA_REGISTRY or run `arena setup`";
        assertUsageError(arena("images", "build", "--push"), expected);
        assertUsageError(arena("images", "list"), expected);
        assertUsageError(arena("images", "prune", "--keep", "2"), expected);
        assertUsageError(arena("images", "prune", "--keep", "-1", "--registry", "127.0.0.1:1/x"), "--keep must be 0 or more");
    }

    @Test
    void usePrebuiltIsForLocalRuns() {
        assertUsageError(arena("run", "--all-datasets", "--agent", "oracle", "--use-prebuilt"),
                "--use-prebuilt is for --local runs; cluster runs pull the images recorded by `arena upload --build-images`");
    }

    @Test
    void uploadBuildImagesNeedsARegistryBeforeAnythingIsUploaded() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("ARENA_REGISTRY") == null, "ARENA_REGISTRY is set here");
        assertUsageError(arena("upload", "--bucket", "b", "--build-images", "examples/datasets"),
                "--build-images needs a registry: pass --registry HOST/PATH, set ARENA_REGISTRY or run `arena setup`");
    }

    @Test
    void versionExitsZero() {
        Result r = arena("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("arena "), r.out());
        assertEquals(1, r.outLines().size());
    }

    @Test
    void noArgumentsAsksForASubcommand() {
        assertUsageError(arena(), "Missing required subcommand");
    }

    @Test
    void anUnknownOptionIsAOneLineUsageError() {
        Result r = arena("--bogus");
        assertUsageError(r, "Unknown option: '--bogus'");
        assertEquals(List.of("arena: Unknown option: '--bogus'", "Try 'arena --help' for more information."), r.errLines());
    }

    @Test
    void anUnknownCommandIsOneLineNamingItEvenWithHelp() {
        String expected = "arena: unknown command 'frobnicate'; see 'arena --help' for the commands";
        for (String[] args : List.of(new String[] {"frobnicate"}, new String[] {"frobnicate", "--help"},
                new String[] {"--help", "frobnicate"})) {
            Result r = arena(args);
            assertEquals(2, r.code(), r.toString());
            assertEquals(List.of(expected), r.errLines(), r.toString());
            assertEquals("", r.out());
        }
        Result nested = arena("images", "frobnicate", "--help");
        assertEquals(2, nested.code(), nested.toString());
        assertEquals(List.of("arena: unknown command 'frobnicate'; see 'arena images --help' for the commands"), nested.errLines());
        assertEquals("", nested.out());
    }

    @Test
    void anUnknownOptionBeforeHelpIsStillAnError() {
        Result r = arena("--bogus", "--help");
        assertUsageError(r, "Unknown option: '--bogus'");
    }

    @Test
    void anUnknownOptionOfASubcommandNamesTheSubcommandInTheHint() {
        Result r = arena("status", "r1", "--bogus");
        assertUsageError(r, "Unknown option: '--bogus'");
        assertEquals("Try 'arena status --help' for more information.", r.errLines().get(1));
    }

    @Test
    void runAndResumeWithoutLocalGoToTheCluster() {
        // a context that exists nowhere, so the test can never submit to a cluster of the machine it runs on
        Result r = arena("run", "--all-datasets", "--agent", "null", "--context", "arena-test-no-such-context",
                "--bucket", "no-bucket");
        assertTrue(r.code() == 2 || r.code() == 3, r.toString());
        assertTrue(r.errLines().get(0).startsWith("arena: cannot load the Kubernetes configuration")
                || r.errLines().get(0).startsWith("arena: no context 'arena-test-no-such-context' in "), r.err());
        Result resume = arena("run", "--resume", "x", "--context", "arena-test-no-such-context", "--bucket", "no-bucket");
        assertTrue(resume.code() == 2 || resume.code() == 3, resume.toString());
        assertTrue(resume.errLines().get(0).startsWith("arena: cannot load the Kubernetes configuration")
                || resume.errLines().get(0).startsWith("arena: no context 'arena-test-no-such-context' in "), "a cluster resume: " + resume.err());
        assertUsageError(arena("run"), "choose what to run: --all-datasets, --datasets a,b or --resume RUN_ID");
    }

    @Test
    void verboseShowsTheStackTrace() {
        Result r = arena("--verbose", "run");
        assertEquals(2, r.code());
        assertEquals("arena: choose what to run: --all-datasets, --datasets a,b or --resume RUN_ID", r.errLines().get(0));
        assertTrue(r.err().contains("at dev.arena.cli.RunCommand.call"), r.err());
    }

    @Test
    void runWithoutSelectionIsAUsageError() {
        assertUsageError(arena("run", "--local", "--agent", "null", "--runs-dir", tmp.toString()),
                "choose what to run: --all-datasets, --datasets a,b or --resume RUN_ID");
    }

    @Test
    void gladiatorNeedsAModelWhoseProviderIsKnownBeforeAnyWorkStarts() {
        assertUsageError(arena("run", "--local", "--all-datasets", "--agent", "gladiator", "--runs-dir", tmp.toString()),
                "the gladiator agent needs --model, e.g. --model anthropic/claude-sonnet-4-6");
        assertUsageError(arena("run", "--local", "--all-datasets", "--agent", "gladiator", "--model", "llama-3", "--runs-dir", tmp.toString()),
                "cannot tell the provider of model 'llama-3'; write it as <provider>/<model> with provider one of anthropic, openai, openrouter, gemini, xai, deepseek, together_ai, mistral, groq, vertex_ai");
        assertFalse(Files.exists(tmp.resolve("runs")), "nothing was planned");
    }

    @Test
    void aVertexModelWithoutALocationIsOneUsageLineBeforeAnyWork() {
        // the location may also come from this machine's environment or settings file: only meaningful without either
        dev.arena.config.Settings settings = dev.arena.config.Settings.load();
        org.junit.jupiter.api.Assumptions.assumeTrue(settings.get(dev.arena.config.Settings.Key.VERTEX_LOCATION, null) == null);

        assertUsageError(arena("run", "--local", "--all-datasets", "--agent", "gladiator", "--model", "vertex_ai/gemini-2.5-pro",
                        "--runs-dir", tmp.toString()),
                "model vertex_ai/gemini-2.5-pro needs a Vertex AI location: pass --vertex-location LOCATION (e.g. us-east5, europe-west1"
                        + " or global), set $ARENA_VERTEX_LOCATION, or run `arena setup --vertex`");
        assertUsageError(arena("run", "--local", "--all-datasets", "--agent", "gladiator", "--model", "vertex_ai/gemini-2.5-pro",
                        "--vertex-location", "us-east5/../x", "--runs-dir", tmp.toString()),
                "'us-east5/../x' is not a Vertex AI location (such as us-east5 or global)");
        assertFalse(Files.exists(tmp.resolve("runs")), "nothing was planned");
    }

    @Test
    void runWithTwoSelectionsIsAUsageError() {
        Result r = arena("run", "--local", "--all-datasets", "--datasets", "a", "--agent", "null");
        assertEquals(2, r.code());
        assertTrue(r.errLines().get(0).startsWith("arena: Error: --all-datasets, --datasets") && r.errLines().get(0).contains("mutually exclusive"),
                r.err());
        assertFalse(r.err().contains("at dev."), r.err());
    }

    @Test
    void runWithoutAgentIsAUsageError() {
        assertUsageError(arena("run", "--local", "--all-datasets", "--datasets-dir", tmp.toString(),
                "--runs-dir", tmp.resolve("runs").toString()), "missing --agent (gladiator, oracle or null)");
    }

    @Test
    void anUnknownAgentIsAUsageErrorNamingTheKnownOnes() {
        assertUsageError(arena("run", "--local", "--all-datasets", "--agent", "nope", "--runs-dir", tmp.toString()),
                "unknown agent 'nope'; choose one of claude-code, codex, gladiator, null, oracle");
    }

    @Test
    void aMalformedTaskTimeoutIsAUsageError() {
        assertUsageError(arena("run", "--local", "--all-datasets", "--agent", "null", "--task-timeout", "10x",
                "--runs-dir", tmp.toString()),
                "invalid duration '10x': use for example 90s, 30m, 1h30m or a number of seconds");
    }

    @Test
    void hostNetworkIsRefused() {
        assertUsageError(arena("run", "--local", "--all-datasets", "--agent", "null", "--network", "host",
                "--runs-dir", tmp.toString()), "--network must be bridge, internal or none, not 'host'");
    }

    @Test
    void theNetworkModeIsOneOfThree() {
        assertUsageError(arena("run", "--local", "--all-datasets", "--agent", "null", "--network", "Internal",
                "--runs-dir", tmp.toString()), "--network must be bridge, internal or none, not 'Internal'");
        String help = arena("run", "--help").out();
        assertTrue(help.contains("internal"), help);
    }

    @Test
    void aTooSmallMemoryLimitIsAUsageError() {
        assertUsageError(arena("run", "--local", "--all-datasets", "--agent", "null", "--memory", "1m",
                "--runs-dir", tmp.toString()), "size '1m' is too small: Docker needs at least 6m");
    }

    @Test
    void aNonNumericPassAtIsAUsageError() {
        Result r = arena("run", "--local", "--all-datasets", "--agent", "null", "--pass-at", "three");
        assertEquals(2, r.code());
        assertEquals("arena: Invalid value for option '--pass-at': 'three' is not an int", r.errLines().get(0));
    }

    @Test
    void anUnknownDatasetIsAUsageErrorNamingIt() throws IOException {
        Path datasets = Files.createDirectories(tmp.resolve("datasets"));
        goodDataset(datasets, "alpha", "task-1");
        Path runs = tmp.resolve("runs");
        assertUsageError(arena("run", "--local", "--datasets", "nope", "--agent", "null",
                        "--datasets-dir", datasets.toString(), "--runs-dir", runs.toString()),
                "unknown dataset 'nope' in " + datasets + "; found: alpha");
        assertFalse(Files.exists(runs), "nothing may be written for a refused run");
    }

    @Test
    void anUnknownTaskIsAUsageErrorNamingIt() throws IOException {
        Path datasets = Files.createDirectories(tmp.resolve("datasets"));
        goodDataset(datasets, "alpha", "task-1");
        assertUsageError(arena("run", "--local", "--datasets", "alpha", "--tasks", "task-1,task-7", "--agent", "null",
                        "--datasets-dir", datasets.toString(), "--runs-dir", tmp.resolve("runs").toString()),
                "unknown task(s) task-7 in the selected datasets");
    }

    @Test
    void aRunIdWithASlashIsAUsageError() throws IOException {
        Path datasets = Files.createDirectories(tmp.resolve("datasets"));
        goodDataset(datasets, "alpha", "task-1");
        assertUsageError(arena("run", "--local", "--all-datasets", "--agent", "null", "--run-id", "a/b",
                        "--datasets-dir", datasets.toString(), "--runs-dir", tmp.resolve("runs").toString()),
                "run id 'a/b' may only hold letters, digits, '.', '_' and '-'");
    }

    @Test
    void resumingAnUnknownRunIsAUsageError() {
        assertUsageError(arena("run", "--local", "--resume", "NOPE", "--runs-dir", tmp.toString()),
                "no run 'NOPE' in " + tmp.toAbsolutePath().normalize() + " (no run.json)");
    }

    @Test
    void regradingAnUnknownRunIsAUsageError() {
        assertUsageError(arena("regrade", "NOPE", "--local", "--runs-dir", tmp.toString()),
                "no run 'NOPE' in " + tmp.toAbsolutePath().normalize() + " (no run.json)");
    }

    @Test
    void statusOfAnUnknownRunIsAUsageError() {
        assertUsageError(arena("status", "NOPE", "--local", "--runs-dir", tmp.toString()),
                "no run 'NOPE' in " + tmp.toAbsolutePath().normalize() + " (no run.json)");
    }

    @Test
    void statusWithoutLocalReadsTheRunsFolderGiven() {
        assertUsageError(arena("status", "r1", "--runs-dir", tmp.toString()),
                "no run 'r1' in " + tmp.toAbsolutePath().normalize() + " (no run.json)");
    }

    @Test
    void statusWithoutRunIdIsAUsageError() {
        Result r = arena("status", "--local");
        assertEquals(2, r.code());
        assertEquals("arena: name the run: arena status RUN_ID (see `arena runs`)", r.errLines().get(0));
    }

    @Test
    void evaluateWithoutRequiredOptionsIsAUsageError() {
        Result r = arena("evaluate", "--task", "task-1", "--agent", "null");
        assertEquals(2, r.code());
        assertEquals("arena: evaluate needs --dataset DIR --task ID --agent NAME, or --run RUN_ID in a pod", r.errLines().get(0));
        Result pod = arena("evaluate", "--run", "r1", "--bucket", "b");
        assertEquals(2, pod.code());
        assertEquals("arena: $JOB_COMPLETION_INDEX is not set: evaluate --run runs in a pod of an Indexed Job", pod.errLines().get(0));
    }

    @Test
    void validateOfABrokenDatasetExitsOneAndPrintsEachProblem() throws IOException {
        Path broken = tmp.resolve("broken");
        write(broken.resolve("Dockerfile"), "FROM alpine\n");
        write(broken.resolve("tasks/task-1/task_description.txt"), "Fix the bug.\n");
        write(broken.resolve("tasks/task-2/task_diff.txt"), "no diff here\n");

        Result r = arena("validate", broken.toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals(List.of(
                "broken: no run_tests.sh",
                "broken/task-1: no task_diff.txt (the oracle cannot check this task)",
                "broken/task-2: no task_description.txt",
                "broken/task-2: task_diff.txt is not a unified diff"), r.outLines());
        assertEquals(List.of("1 dataset(s), 2 task(s): 4 problem(s)"), r.errLines());
    }

    @Test
    void validateOfAFolderOfDatasetsChecksEachOne() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        goodDataset(root, "good", "t1", "t2");
        Path bad = goodDataset(root, "bad", "t1");
        Files.delete(bad.resolve("Dockerfile"));
        Result r = arena("validate", root.toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals(List.of("bad: no Dockerfile"), r.outLines());
        assertEquals(List.of("2 dataset(s), 3 task(s): 1 problem(s)"), r.errLines());
    }

    @Test
    void validateOfAMissingFolderIsAUsageError() {
        Path missing = tmp.resolve("missing");
        assertUsageError(arena("validate", missing.toString()), "dataset folder not found: " + missing);
    }

    @Test
    void validateOfTheBundledDatasetsExitsZero() {
        Result r = arena("validate", "examples/datasets");
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.out());
        assertEquals(List.of("2 dataset(s), 7 task(s): no problems"), r.errLines());
    }

    private static final EvalSettings SETTINGS = EvalSettings.builder().agent("oracle").build();

    private static TaskResult result(String runId, WorkItem item, Verdict verdict, ErrorKind kind) {
        Instant start = Instant.parse("2025-05-05T12:00:00Z");
        return new TaskResult(TaskResult.SCHEMA, runId, item.dataset(), item.task(), item.attempt(), "oracle", null,
                verdict, kind, kind == null ? null : "boom", kind == null ? null : "agent", verdict == Verdict.PASSED,
                verdict == Verdict.ERROR ? null : verdict == Verdict.PASSED ? 0 : 1, verdict == Verdict.PASSED ? 2 : 0,
                verdict == Verdict.PASSED ? 0 : 2, 0, 2, "pytest", List.of(), start, start.plusSeconds(3), 3.0,
                Map.of(), 35, 1, 1, 0, 0, null, "arena-task/ds:0", "test");
    }

    /** A runs folder holding run r1: a plan of three items of dataset ds and results for the first two. */
    private Path runsWithTwoResults(Path datasetDir, Verdict second, ErrorKind secondKind) throws IOException {
        Path runs = tmp.resolve("runs");
        List<WorkItem> items = List.of(new WorkItem("ds", "task-1", 1), new WorkItem("ds", "task-2", 1),
                new WorkItem("ds", "task-3", 1));
        RunPlan plan = new RunPlan(RunPlan.SCHEMA, "r1", Instant.parse("2025-05-05T11:59:00Z"), "test", 1, SETTINGS,
                List.of(new RunPlan.DatasetRef("ds", datasetDir.toString(), BuildContext.of(datasetDir).contentHash(), 3)),
                items);
        LocalStore store = new LocalStore(runs);
        new RunRepository(store).savePlan(plan);
        store.put(plan.resultKey(items.get(0)), Json.mapper().writeValueAsBytes(result("r1", items.get(0), Verdict.PASSED, null)));
        store.put(plan.resultKey(items.get(1)), Json.mapper().writeValueAsBytes(result("r1", items.get(1), second, secondKind)));
        return runs;
    }

    @Test
    void statusJsonReportsDoneAndPassed() throws IOException {
        Path ds = goodDataset(tmp, "ds", "task-1", "task-2", "task-3");
        Path runs = runsWithTwoResults(ds, Verdict.FAILED, null);

        Result r = arena("status", "r1", "--local", "--json", "--runs-dir", runs.toString());
        assertEquals(0, r.code(), r.toString());
        JsonNode status = Json.mapper().readTree(r.out());
        assertEquals("r1", status.get("run_id").asText());
        assertEquals(3, status.get("items").asInt());
        assertEquals(2, status.get("done").asInt());
        assertEquals(1, status.get("passed").asInt());
        assertEquals(1, status.get("failed").asInt());
        assertEquals(0, status.get("errors").asInt());
        assertEquals("ds/task-3", status.get("missing").get(0).asText());
        assertEquals(1, status.get("missing").size());
        assertEquals(0.5, status.get("datasets").get("ds").get("pass_rate").asDouble());
        assertEquals("", r.err());
    }

    @Test
    void statusTextShowsATable() throws IOException {
        Path ds = goodDataset(tmp, "ds", "task-1", "task-2", "task-3");
        Path runs = runsWithTwoResults(ds, Verdict.ERROR, ErrorKind.AGENT);

        Result r = arena("status", "r1", "--local", "--runs-dir", runs.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of(
                "",
                "run r1, agent oracle: 2 of 3 item(s) done",
                "dataset   items   done  passed  failed  errors  pass rate",
                "ds            3      2       1       0       1      50.0%",
                "total         3      2       1       0       1      50.0%",
                "errors by kind: {agent=1}",
                "missing (1): ds/task-3",
                "results: " + runs.resolve("r1")), r.outLines());
    }

    @Test
    void resumingACompleteRunNeedsNoDockerAndExitsByItsErrors() throws IOException {
        Path ds = goodDataset(tmp, "ds", "task-1", "task-2");
        Path runs = tmp.resolve("runs");
        List<WorkItem> items = List.of(new WorkItem("ds", "task-1", 1), new WorkItem("ds", "task-2", 1));
        RunPlan plan = new RunPlan(RunPlan.SCHEMA, "done-run", Instant.parse("2025-05-05T11:59:00Z"), "test", 1, SETTINGS,
                List.of(new RunPlan.DatasetRef("ds", ds.toString(), BuildContext.of(ds).contentHash(), 2)), items);
        LocalStore store = new LocalStore(runs);
        new RunRepository(store).savePlan(plan);
        for (WorkItem item : items) {
            store.put(plan.resultKey(item), Json.mapper().writeValueAsBytes(result("done-run", item, Verdict.PASSED, null)));
        }

        Result ok = arena("run", "--local", "--resume", "done-run", "--runs-dir", runs.toString());
        assertEquals(0, ok.code(), ok.toString());
        assertEquals(List.of("done-run"), ok.outLines());
        assertTrue(ok.err().contains("run done-run, agent oracle: 2 of 2 item(s) done"), ok.err());
        JsonNode summary = Json.mapper().readTree(store.get("done-run/summary.json").orElseThrow());
        assertEquals(2, summary.get("passed").asInt());

        store.put(plan.resultKey(items.get(1)),
                Json.mapper().writeValueAsBytes(result("done-run", items.get(1), Verdict.ERROR, ErrorKind.AGENT)));
        Result withError = arena("run", "--local", "--resume", "done-run", "--runs-dir", runs.toString());
        assertEquals(1, withError.code(), withError.toString());
        assertEquals(List.of("done-run"), withError.outLines());
    }
}
