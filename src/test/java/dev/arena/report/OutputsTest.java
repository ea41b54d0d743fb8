package dev.arena.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.Json;
import dev.arena.result.ErrorKind;
import dev.arena.run.RunRepository;
import dev.arena.store.LocalStore;
import dev.arena.store.RunLayout;
import dev.arena.testing.RunFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.arena.result.Verdict.FAILED;
import static dev.arena.result.Verdict.PASSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputsTest {
    @TempDir
    Path runsDir;

    private List<RunData> runs(RunFixture fixture) {
        LocalStore store = new LocalStore(runsDir);
        fixture.write(store);
        return new ReportService(new RunRepository(store)).load(List.of("r"));
    }

    @Test
    void csvHasAHeaderAndARowPerAttemptQuotedPerRfc4180() {
        List<RunData> runs = runs(new RunFixture("r", "gladiator", "m", 1)
                .task("ds", "t1", PASSED).task("ds", "t2", FAILED).task("ds", "t3")
                .result("ds", "t2", 1, FAILED, ErrorKind.GRADING, 2.5, 1, 2, 0.000125)
                .task("ds", "t,4", PASSED));
        String[] lines = CsvReport.render(runs).split("\r\n");
        assertEquals(5, lines.length);
        assertTrue(lines[0].startsWith("run_id,agent,model,dataset,task_id,attempt,verdict,error_kind,"), lines[0]);
        assertEquals(27, lines[0].split(",").length);
        assertTrue(lines[2].startsWith("r,gladiator,m,ds,t2,1,failed,grading,agent,3,1,4,2.500,"), lines[2]);
        assertTrue(lines[2].endsWith(",1,2,0.000125,went wrong: grading,,,,"), lines[2]);
        assertTrue(lines[3].startsWith("r,gladiator,m,ds,t3,1,missing,,"), lines[3]);
        assertTrue(lines[4].startsWith("r,gladiator,m,ds,\"t,4\",1,passed"), lines[4]);
        assertEquals("\"say \"\"hi\"\", then\nstop\"", CsvReport.quoted("say \"hi\", then\nstop"));
        assertEquals("plain", CsvReport.quoted("plain"));
    }

    @Test
    void aPatchWithScriptTagsCannotEndItsDataBlock() throws Exception {
        String evil = "+</script><script>alert(1)</script>\n+<!-- <script>\n";
        List<RunData> runs = runs(new RunFixture("r", "gladiator", "m", 1).task("ds", "t1", PASSED)
                .file("ds", "t1", 1, RunLayout.PATCH, evil)
                .file("ds", "t1", 1, RunLayout.TEST_OUTPUT, "1 passed"));
        Report report = Report.of(runs, java.time.Instant.EPOCH);
        String page = new String(HtmlReport.render(report, runs, new LocalStore(runsDir)), StandardCharsets.UTF_8);
        // exactly: report-data, one details block, the script itself
        assertEquals(3, count(page, "</script>"));
        assertFalse(page.contains("alert(1)</script>"));
        assertFalse(page.replace("http://www.w3.org/2000/svg", "").matches("(?s).*https?://.*"), "nothing to fetch");
        assertFalse(page.contains("<script src") || page.contains("<link"), "no external scripts or styles");
        JsonNode details = Json.mapper().readTree(block(page, "details-0"));
        assertEquals(evil, details.at("/0/0/patch").asText());
        assertEquals("1 passed", details.at("/0/0/test_output").asText());
    }

    @Test
    void heavyContentIsCappedKeepingTheEndOfTheTestLog() throws Exception {
        List<RunData> runs = runs(new RunFixture("r", "gladiator", "m", 1).task("ds", "t1", PASSED)
                .file("ds", "t1", 1, RunLayout.PATCH, "x".repeat(AttemptDetails.FILE_LIMIT + 500))
                .file("ds", "t1", 1, RunLayout.TEST_OUTPUT, "y".repeat(AttemptDetails.FILE_LIMIT) + "\nSUMMARY 3 passed"));
        JsonNode first = Json.mapper().readTree(block(page(runs, AttemptDetails.PAGE_BUDGET), "details-0")).at("/0/0");
        assertTrue(first.get("patch").asText().endsWith("[... 500 more characters left out of the report]"));
        assertEquals(AttemptDetails.FILE_LIMIT, first.get("patch").asText().indexOf("\n[..."));
        assertTrue(first.get("test_output").asText().endsWith("SUMMARY 3 passed"), "a test log keeps its end");
    }

    @Test
    void theBudgetIsSharedOutAndThenStopsTheContent() throws Exception {
        // 800 characters for two attempts: each gets the smallest share, and the first spends the budget
        List<RunData> runs = runs(new RunFixture("r", "gladiator", "m", 1).task("ds", "t1", PASSED).task("ds", "t2", PASSED)
                .file("ds", "t1", 1, RunLayout.PATCH, "x".repeat(5000))
                .file("ds", "t1", 1, RunLayout.TEST_OUTPUT, "y".repeat(5000))
                .file("ds", "t2", 1, RunLayout.PATCH, "x".repeat(5000)));
        String page = page(runs, 800);
        JsonNode first = Json.mapper().readTree(block(page, "details-0")).at("/0/0");
        // the share of an attempt never drops below 2,000 characters: 400 each for patch and log
        assertTrue(first.get("patch").asText().startsWith("x".repeat(400) + "\n[... 4600 more"), first.get("patch").asText());
        JsonNode second = Json.mapper().readTree(block(page, "details-1")).at("/0/0");
        assertTrue(second.has("left_out"), "the budget was spent by the first task");
        assertFalse(second.has("patch"));
        assertTrue(second.get("files").asText().endsWith("r/ds/t2"), second.get("files").asText());
    }

    private String page(List<RunData> runs, long budget) {
        Report report = Report.of(runs, java.time.Instant.EPOCH);
        return new String(HtmlReport.render(report, runs, new LocalStore(runsDir), budget), StandardCharsets.UTF_8);
    }

    @Test
    void aTrajectoryIsDigestedWithItsFullOutputsCapped() throws Exception {
        String trajectory = """
                {"schema": 1, "stop_reason": "answered", "prompt": "fix it", "system": "you are", "steps": [
                  {"index": 1, "seconds": 2.5, "usage": {"input_tokens": 10, "output_tokens": 2}, "assistant_text": "looking",
                   "tool_calls": [{"id": "c1", "name": "read_file", "arguments": {"path": "a.py"}, "result": "short",
                                   "output_ref": "o1", "is_error": false, "seconds": 0.1}]},
                  {"index": 2, "seconds": 1, "usage": {}, "assistant_text": "", "tool_calls": []}],
                 "outputs": {"o1": "%s"}}
                """.formatted("z".repeat(TrajectoryDigest.FULL_OUTPUT_LIMIT + 10));
        JsonNode d = TrajectoryDigest.of(Json.mapper().readTree(trajectory), AttemptDetails.TRAJECTORY_LIMIT);
        assertEquals("answered", d.get("stop_reason").asText());
        assertEquals(2, d.get("steps").size());
        JsonNode call = d.at("/steps/0/tool_calls/0");
        assertEquals("read_file", call.get("name").asText());
        assertEquals("{\"path\":\"a.py\"}", call.get("arguments").asText());
        assertTrue(call.get("full_result").asText().endsWith("[... 10 more characters left out of the report]"));
        assertFalse(d.has("steps_left_out"));

        JsonNode small = TrajectoryDigest.of(Json.mapper().readTree(trajectory), 10);
        assertEquals(1, small.get("steps").size(), "the first step stays whatever the budget");
        assertEquals(1, small.get("steps_left_out").asInt());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    private static String block(String page, String id) {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"" + id + "\">(.*?)</script>", Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), id);
        return m.group(1);
    }
}
