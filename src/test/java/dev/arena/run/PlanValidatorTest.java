package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.eval.EvalSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanValidatorTest {
    private static final String HASH = "ab".repeat(32);
    private static final Set<String> ALLOWED = Set.of("https://proxy.example/v1");

    private static EvalSettings settings() {
        return EvalSettings.builder().agent("gladiator").model("openai/gpt-4.1")
                .buildArgs(Map.of("BASE_IMAGE", "arena-base:bookworm")).build();
    }

    private static RunPlan plan(String runId, int passAtK, EvalSettings s, List<RunPlan.DatasetRef> datasets, List<WorkItem> items) {
        return new RunPlan(RunPlan.SCHEMA, runId, Instant.now(), "test", passAtK, s, datasets, items, false, null);
    }

    private static RunPlan valid() {
        return plan("20250101-120000", 2, settings(), List.of(new RunPlan.DatasetRef("calc", "/d/calc", HASH, 1)),
                List.of(new WorkItem("calc", "t1", 1), new WorkItem("calc", "t1", 2)));
    }

    /** The valid settings with what {@code change} sets changed. */
    private static EvalSettings with(UnaryOperator<EvalSettings.Builder> change) {
        return change.apply(settings().toBuilder()).build();
    }

    private static void refused(RunPlan plan, String expected) {
        ArenaException e = assertThrows(ArenaException.class, () -> PlanValidator.validate(plan, ALLOWED));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("invalid run plan: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private static RunPlan withSettings(EvalSettings s) {
        RunPlan v = valid();
        return plan(v.runId(), v.passAtK(), s, v.datasets(), v.items());
    }

    @Test
    void aValidPlanPasses() {
        assertDoesNotThrow(() -> PlanValidator.validate(valid(), ALLOWED));
        assertDoesNotThrow(() -> PlanValidator.validate(withSettings(with(b -> b.network("none"))), Set.of()));
        assertDoesNotThrow(() -> PlanValidator.validate(withSettings(with(b -> b.network("internal"))), Set.of()));
        assertDoesNotThrow(() -> PlanValidator.validate(withSettings(with(b -> b.modelBaseUrl("https://proxy.example/v1/"))), ALLOWED));
        assertEquals(new WorkItem("calc", "t1", 2), PlanValidator.item(valid(), "20250101-120000", 1, ALLOWED));
    }

    @Test
    void networkMustBeBridgeInternalOrNone() {
        refused(withSettings(with(b -> b.network("host"))), "network must be bridge, internal or none, not 'host'");
        refused(withSettings(with(b -> b.network("container:evaluator"))), "network must be bridge, internal or none");
        refused(withSettings(with(b -> b.network(null))), "network must be bridge, internal or none, not 'null'");
        // a network's own name would bypass the mode: only the three words pass
        refused(withSettings(with(b -> b.network("arena-x-net-1a2b3c"))), "network must be bridge, internal or none");
    }

    @Test
    void theRunIdMustBeASafeName() {
        RunPlan v = valid();
        refused(plan("../other", v.passAtK(), v.settings(), v.datasets(), v.items()), "run id '../other' may only hold");
    }

    @Test
    void theRegradedRunIdMustBeASafeName() {
        RunPlan v = valid();
        refused(new RunPlan(RunPlan.SCHEMA, v.runId(), v.createdAt(), "t", 2, v.settings(), v.datasets(), v.items(), false, "a/b"),
                "regraded run id 'a/b'");
    }

    @Test
    void pinnedAgentTarballsNeedAPackageAVersionAndAnSriHash() {
        String sri = "sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[64]);
        assertDoesNotThrow(() -> PlanValidator.validate(valid().withAgentTarballs(List.of(
                new dev.arena.agent.cli.AgentTarball("@openai/codex", "0.171.0-linux-x64", sri))), ALLOWED));
        refused(valid().withAgentTarballs(List.of(new dev.arena.agent.cli.AgentTarball("@openai/codex", "0.171.0-linux-x64", "sha512-%%%"))),
                "the agent tarball @openai/codex@0.171.0-linux-x64 has no usable integrity hash");
        refused(valid().withAgentTarballs(List.of(new dev.arena.agent.cli.AgentTarball("@openai/codex", "0.171.0", "md5-abc"))),
                "has no usable integrity hash");
        refused(valid().withAgentTarballs(List.of(new dev.arena.agent.cli.AgentTarball(" ", "1", sri))),
                "an agent tarball entry has no package or version");
    }

    @Test
    void theSchemaMustBeKnown() {
        RunPlan v = valid();
        refused(new RunPlan(99, v.runId(), v.createdAt(), "t", 2, v.settings(), v.datasets(), v.items()), "schema 99");
    }

    @Test
    void datasetNamesMustBeSafe() {
        refused(plan("r", 1, settings(), List.of(new RunPlan.DatasetRef("../../etc", "/x", HASH, 1)),
                List.of(new WorkItem("../../etc", "t1", 1))), "dataset name '../../etc'");
    }

    @Test
    void taskIdsMustBeSafe() {
        refused(plan("r", 1, settings(), valid().datasets(), List.of(new WorkItem("calc", "t1/../../x", 1))), "task id 't1/../../x'");
    }

    @Test
    void itemsMustNameAPlannedDataset() {
        refused(plan("r", 1, settings(), valid().datasets(), List.of(new WorkItem("other", "t1", 1))),
                "names dataset 'other', which the plan does not list");
    }

    @Test
    void attemptsMustBeWithinPassAtK() {
        refused(plan("r", 1, settings(), valid().datasets(), List.of(new WorkItem("calc", "t1", 2))), "outside 1..1");
        refused(plan("r", 1, settings(), valid().datasets(), List.of(new WorkItem("calc", "t1", 0))), "outside 1..1");
    }

    @Test
    void itemsMustBeDistinctAndPresent() {
        refused(plan("r", 1, settings(), valid().datasets(), List.of(new WorkItem("calc", "t1", 1), new WorkItem("calc", "t1", 1))),
                "listed twice");
        refused(plan("r", 1, settings(), valid().datasets(), List.of()), "no items");
    }

    @Test
    void passAtKMustBeAtLeastOne() {
        refused(plan("r", 0, settings(), valid().datasets(), List.of(new WorkItem("calc", "t1", 1))), "pass_at_k must be at least 1");
    }

    @Test
    void limitsMustBePositive() {
        refused(withSettings(with(b -> b.maxIterations(0))), "max iterations must be at least 1");
        refused(withSettings(with(b -> b.taskTimeout(Duration.ZERO))), "task timeout must be positive");
        refused(withSettings(with(b -> b.taskTimeout(null))), "task timeout must be positive");
        refused(withSettings(with(b -> b.buildTimeout(Duration.ofSeconds(-1)))), "build timeout must be positive");
        refused(withSettings(with(b -> b.memoryBytes(-1))), "memory limit must be more than 0");
        refused(withSettings(with(b -> b.cpus(0))), "cpus must be more than 0");
        refused(withSettings(with(b -> b.cpus(Double.NaN))), "cpus must be more than 0");
    }

    @Test
    void anAgentMustBeNamed() {
        refused(withSettings(with(b -> b.agent(" "))), "names no agent");
    }

    @Test
    void buildArgumentNamesMustBePlain() {
        refused(withSettings(with(b -> b.buildArgs(Map.of("A B", "x")))), "build argument name 'A B'");
    }

    @Test
    void contentHashesMustBeSha256() {
        refused(plan("r", 1, settings(), List.of(new RunPlan.DatasetRef("calc", "/x", "abc", 1)),
                List.of(new WorkItem("calc", "t1", 1))), "no sha256 content hash");
    }

    @Test
    void aModelBaseUrlMustBeOneTheOperatorAllowed() {
        refused(withSettings(with(b -> b.modelBaseUrl("https://attacker.example/v1"))),
                "model base URL https://attacker.example/v1 is not one the operator allowed");
        refused(withSettings(with(b -> b.modelBaseUrl("file:///proc/self/environ"))), "is not one the operator allowed");
        ArenaException none = assertThrows(ArenaException.class,
                () -> PlanValidator.validate(withSettings(with(b -> b.modelBaseUrl("https://proxy.example/v1"))), Set.of()));
        assertTrue(none.getMessage().contains("ARENA_ALLOWED_MODEL_BASE_URLS"), none.getMessage());
        // a plan the operator's own arena wrote locally: no list to check against
        assertDoesNotThrow(() -> PlanValidator.validate(withSettings(with(b -> b.modelBaseUrl("http://localhost:8080"))), null));
    }

    @Test
    void theAllowedListIsCommaSeparatedAndTrimmed() {
        assertEquals(Set.of("https://a.example/v1", "http://b.example:8080"),
                PlanValidator.parseAllowed(" https://a.example/v1/ ,http://b.example:8080,, "));
        assertEquals(Set.of(), PlanValidator.parseAllowed(null));
        assertEquals(Set.of(), PlanValidator.parseAllowed(" "));
    }

    @Test
    void theItemIndexMustBeInRangeAndThePlanMustBeTheRunAskedFor() {
        ArenaException out = assertThrows(ArenaException.class, () -> PlanValidator.item(valid(), "20250101-120000", 2, ALLOWED));
        assertEquals(ExitCode.USAGE, out.exitCode());
        assertTrue(out.getMessage().contains("item 2 is not in run"), out.getMessage());
        assertThrows(ArenaException.class, () -> PlanValidator.item(valid(), "20250101-120000", -1, ALLOWED));
        ArenaException other = assertThrows(ArenaException.class, () -> PlanValidator.item(valid(), "mine", 0, ALLOWED));
        assertTrue(other.getMessage().contains("names run '20250101-120000' but was read as run mine"), other.getMessage());
    }

    @Test
    void theUnpackedDatasetMustHaveThePlannedContent(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
        String hash = dev.arena.dataset.BuildContext.of(dir).contentHash();
        RunPlan same = plan("r", 1, settings(), List.of(new RunPlan.DatasetRef("calc", "/x", hash, 1)), List.of(new WorkItem("calc", "t1", 1)));
        assertDoesNotThrow(() -> PlanValidator.sameContent(same, "calc", dir));
        ArenaException e = assertThrows(ArenaException.class, () -> PlanValidator.sameContent(valid(), "calc", dir));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("is not the one run 20250101-120000 was planned with"), e.getMessage());
    }
}
