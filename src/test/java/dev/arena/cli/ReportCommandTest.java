package dev.arena.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.store.LocalStore;
import dev.arena.testing.RunFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.arena.result.Verdict.FAILED;
import static dev.arena.result.Verdict.PASSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportCommandTest {
    @TempDir
    Path tmp;
    Path runs;

    private record Result(int code, String out, String err) {
    }

    private static Result arena(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter cliErr = new StringWriter();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = Main.commandLine();
            cli.setErr(new PrintWriter(cliErr, true));
            code = cli.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), cliErr + err.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void twoRuns() {
        runs = tmp.resolve("runs");
        LocalStore store = new LocalStore(runs);
        new RunFixture("a", "gladiator", "model-a", 1).task("ds", "t1", PASSED).task("ds", "t2", FAILED).write(store);
        new RunFixture("b", "gladiator", "model-b", 1).task("ds", "t1", PASSED).task("ds", "t2", PASSED).write(store);
    }

    @Test
    void printsTablesAndWritesEveryFileAskedFor() throws Exception {
        Path out = tmp.resolve("out");
        Result r = arena("report", "a", "b", "--local", "--runs-dir", runs.toString(), "--json", out.resolve("r.json").toString(),
                "--csv", out.resolve("r.csv").toString(), "--html", out.resolve("r.html").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("run a, agent gladiator (model-a)"), r.out());
        assertTrue(r.out().contains("1/2 50.0% [9.5%, 90.5%]"), r.out());
        assertTrue(r.out().contains("a vs b on 2 task(s) both judged"), r.out());
        assertTrue(r.out().contains("exact McNemar p = 1.000"), r.out());
        JsonNode json = Json.mapper().readTree(out.resolve("r.json").toFile());
        assertEquals(2, json.get("runs").size());
        assertEquals(1, json.at("/comparisons/0/only_second").asInt());
        assertEquals(5, Files.readAllLines(out.resolve("r.csv")).size());
        assertTrue(Files.readString(out.resolve("r.html")).startsWith("<!doctype html>"));
        assertEquals(3, r.err().lines().filter(l -> l.startsWith("wrote ")).count(), r.err());
    }

    @Test
    void uploadStoresThePageWithEachRun() {
        Result r = arena("report", "a", "b", "--local", "--runs-dir", runs.toString(), "--upload");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(runs.resolve("a/report.html")));
        assertTrue(Files.isRegularFile(runs.resolve("b/report.html")));
    }

    @Test
    void anUnknownRunIsAOneLineUsageError() {
        Result r = arena("report", "a", "nope", "--local", "--runs-dir", runs.toString());
        assertEquals(2, r.code());
        assertEquals(List.of("arena: no run 'nope' in " + runs.toAbsolutePath() + " (no run.json)"), r.err().lines().toList());
        assertEquals("", r.out());
    }

    @Test
    void withoutABucketTheRunsFolderIsReadAndARunIdIsRequired() {
        Result r = arena("report", "a", "--runs-dir", runs.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("run a, agent "), r.out());
        assertEquals(2, arena("report", "--local").code());
    }
}
