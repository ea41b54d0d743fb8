package dev.arena.cli;

import dev.arena.cli.ArenaCli.Result;
import dev.arena.eval.EvalSettings;
import dev.arena.result.ModelSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --temperature, --max-output-tokens, --reasoning-effort and --system-prompt-file: what they set, and every bad value as one line with exit 2. */
class ModelSettingsCliTest {
    @TempDir
    Path tmp;

    /** {@code arena run --local} of the gladiator with {@code extra}; every check here fails before Docker or a key is needed. */
    private Result run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--local", "--all-datasets", "--runs-dir", tmp.resolve("runs").toString()));
        if (!List.of(extra).contains("--agent")) {
            args.addAll(List.of("--agent", "gladiator", "--model", "anthropic/claude-sonnet-4-5"));
        }
        args.addAll(List.of(extra));
        return ArenaCli.run(args.toArray(String[]::new));
    }

    private static void assertUsageError(Result r, String expected) {
        assertEquals(2, r.code(), r.toString());
        assertEquals(List.of("arena: " + expected), r.errLines().stream().filter(l -> l.startsWith("arena: ")).toList(), r.err());
        assertEquals("arena: " + expected, r.errLines().get(0));
        assertFalse(r.err().contains("Exception") || r.err().contains("at dev."), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aTemperatureThatIsNotANumberFromZeroToTwoIsAUsageError() {
        for (String bad : List.of("warm", "-0.5", "2.5", "NaN", "1e9", "")) {
            assertUsageError(run("--temperature=" + bad), "--temperature must be a number from 0 to 2, not '" + bad + "'");
        }
    }

    @Test
    void anOutputCapThatIsNotAPositiveWholeNumberIsAUsageError() {
        for (String bad : List.of("0", "-5", "1.5", "lots", "99999999999")) {
            assertUsageError(run("--max-output-tokens=" + bad), "--max-output-tokens must be a whole number of at least 1, not '" + bad + "'");
        }
    }

    @Test
    void anUnknownReasoningEffortListsTheChoices() {
        assertUsageError(run("--reasoning-effort", "extreme"), "--reasoning-effort must be one of minimal, low, medium, high, not 'extreme'");
        assertUsageError(run("--reasoning-effort", "HIGH"), "--reasoning-effort must be one of minimal, low, medium, high, not 'HIGH'");
    }

    @Test
    void anUnreadableSystemPromptFileIsAUsageError() throws Exception {
        Path missing = tmp.resolve("no-such-prompt.txt");
        assertUsageError(run("--system-prompt-file", missing.toString()), "cannot read --system-prompt-file " + missing + ": no such file");
        assertTrue(run("--system-prompt-file", tmp.toString()).err().startsWith("arena: cannot read --system-prompt-file " + tmp + ": "));
        assertEquals(2, run("--system-prompt-file", tmp.toString()).code());
        Path empty = Files.writeString(tmp.resolve("empty.txt"), " \n");
        assertUsageError(run("--system-prompt-file", empty.toString()), "--system-prompt-file " + empty + " is empty");
        Path binary = Files.write(tmp.resolve("binary.txt"), new byte[] {'h', 'i', (byte) 0xC3, (byte) 0x28});
        assertUsageError(run("--system-prompt-file", binary.toString()), "--system-prompt-file " + binary + " is not UTF-8 text");
        Path huge = Files.write(tmp.resolve("huge.txt"), new byte[EvalSettings.MAX_SYSTEM_PROMPT_BYTES + 1]);
        assertUsageError(run("--system-prompt-file", huge.toString()), "--system-prompt-file " + huge + " is larger than 256 KiB");
    }

    @Test
    void settingsAnthropicCannotTakeWithThinkingAreUsageErrorsBeforeAnyWork() {
        assertUsageError(run("--reasoning-effort", "high", "--max-output-tokens", "16000"),
                "--max-output-tokens 16000 leaves no room for the answer: for Anthropic models it counts the thinking,"
                        + " and --reasoning-effort high thinks up to 16000 tokens");
        assertUsageError(run("--reasoning-effort", "low", "--temperature", "0.2"),
                "--temperature cannot be used with --reasoning-effort for Anthropic models: extended thinking runs at temperature 1");
        assertFalse(Files.exists(tmp.resolve("runs")));
    }

    @Test
    void modelSettingsForAnAgentWithoutAModelAreAUsageError() {
        assertUsageError(run("--agent", "oracle", "--temperature", "0"), "--temperature, --max-output-tokens, --reasoning-effort and"
                + " --system-prompt-file are for agents with a model (gladiator), not oracle");
    }

    @Test
    void theFlagsBecomeTheRunsModelSettingsWithThePromptAsItsHash() throws Exception {
        Path prompt = Files.writeString(tmp.resolve("prompt.txt"), "You are terse.\n", StandardCharsets.UTF_8);
        EvalOptions options = new EvalOptions();
        new CommandLine(options).parseArgs("--agent", "gladiator", "--temperature", "0.7", "--max-output-tokens", "3000",
                "--reasoning-effort", "minimal", "--system-prompt-file", prompt.toString());
        assertEquals("You are terse.\n", options.systemPrompt());
        // sha256sum of the file, computed outside Java
        assertEquals(new ModelSettings(0.7, 3000, "minimal", "eddbf202b315c4e32fefe4108bb94fe0c30f09edf75647a971c40df5cf871b4b"),
                options.modelSettings(options.systemPrompt()));

        EvalSettings unset = parse("--agent", "null").toSettings();
        assertEquals(ModelSettings.NONE, unset.modelSettings(), "nothing set, nothing recorded");
        assertNull(unset.systemPrompt());
    }

    private static EvalOptions parse(String... args) {
        EvalOptions o = new EvalOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }
}
