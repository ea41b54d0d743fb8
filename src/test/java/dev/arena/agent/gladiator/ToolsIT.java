package dev.arena.agent.gladiator;

import dev.arena.agent.llm.Turn;
import dev.arena.sandbox.DockerEngine;
import dev.arena.sandbox.Sandbox;
import dev.arena.sandbox.SandboxSpec;
import dev.arena.testing.RequiresDocker;
import dev.arena.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every gladiator tool against a real container of the base image, through {@link ToolBox} as the model calls them. */
@RequiresDocker
class ToolsIT {
    static DockerEngine engine;
    static Sandbox sandbox;
    static ToolBox tools;
    static final AtomicInteger calls = new AtomicInteger();

    @BeforeAll
    static void setUp() throws Exception {
        engine = DockerEngine.connect();
        sandbox = engine.start(new SandboxSpec(TestImages.baseImage(), "arena-tools-it-" + ProcessHandle.current().pid(),
                1L << 30, 1.0, "none", Map.of("app.kubernetes.io/name", "arena", "arena/run-id", "tools-it")));
        sandbox.exec("mkdir -p /app/src/deep /app/.git /app/node_modules/x && printf 'alpha\\nbeta\\ngamma\\ndelta\\n' > /app/src/letters.txt"
                + " && printf 'def evict_oldest(cache):\\n    return cache.pop_oldest()\\n' > /app/src/deep/cache_policy.py"
                + " && echo 'evict_oldest in git' > /app/.git/noise && echo 'evict_oldest' > /app/node_modules/x/y.js"
                + " && printf '#!/bin/sh\\necho hi\\n' > /app/run.sh && chmod 755 /app/run.sh", Duration.ofSeconds(30));
        GladiatorConfig config = GladiatorConfig.DEFAULT.withCommandTimeout(Duration.ofSeconds(3)).withOutputLimit(4_000);
        tools = new ToolBox(new Workspace(sandbox, config, Instant.now().plus(Duration.ofMinutes(30))));
    }

    @AfterAll
    static void tearDown() {
        sandbox.close();
        engine.close();
    }

    @Test
    void readFileShowsNumberedLinesAndRanges() throws Exception {
        String whole = ok("read_file", "{\"target_file\": \"src/letters.txt\", \"should_read_entire_file\": true}");
        assertTrue(whole.contains("lines 1-4 of 4") && whole.contains("1\talpha\n") && whole.contains("4\tdelta\n"), whole);
        String range = ok("read_file", "{\"target_file\": \"/app/src/letters.txt\", \"start_line_one_indexed\": 2, \"end_line_one_indexed_inclusive\": \"3\"}");
        assertTrue(range.contains("2\tbeta\n3\tgamma\n") && !range.contains("alpha") && range.contains("[lines not shown: 1-1, 4-4]"), range);
        assertTrue(error("read_file", "{\"target_file\": \"missing.txt\"}").contains("file not found"));
        assertTrue(error("read_file", "{\"target_file\": \"src\"}").contains("not a regular file"));
        assertTrue(error("read_file", "{\"target_file\": \"../etc/passwd\"}").contains("outside /app"));
        assertTrue(error("read_file", "{\"target_file\": \"/etc/passwd\"}").contains("outside /app"));
    }

    @Test
    void lineEditsInAnyOrderReferToTheOriginalLines() throws Exception {
        for (String order : new String[] {"[R, I, D]", "[D, R, I]", "[I, D, R]"}) {
            write("order.txt", "one\ntwo\nthree\nfour\nfive\n");
            String r = "{\"type\": \"replace\", \"line_number\": 2, \"content\": \"TWO\\nTWO-B\"}";
            String i = "{\"type\": \"insert\", \"line_number\": 5, \"content\": \"four-and-a-half\"}";
            String d = "{\"type\": \"delete\", \"line_number\": 3}";
            String edits = order.replace("R", r).replace("I", i).replace("D", d);
            ok("edit_file", "{\"target_file\": \"order.txt\", \"edit_type\": \"line_edits\", \"line_edits\": " + edits + "}");
            assertEquals("one\nTWO\nTWO-B\nfour\nfour-and-a-half\nfive\n", read("order.txt"), order);
        }
        write("order.txt", "a\nb\n");
        ok("edit_file", "{\"target_file\": \"order.txt\", \"line_edits\": [{\"type\": \"insert\", \"line_number\": 3, \"content\": \"c\"},"
                + " {\"type\": \"insert\", \"line_number\": 1, \"content\": \"start\"}]}");
        assertEquals("start\na\nb\nc\n", read("order.txt"));
        assertTrue(error("edit_file", "{\"target_file\": \"order.txt\", \"line_edits\": [{\"type\": \"delete\", \"line_number\": 9}]}")
                .contains("outside the file"));
        assertEquals("start\na\nb\nc\n", read("order.txt"), "a refused edit changes nothing");
    }

    @Test
    void unicodeWithoutATrailingNewlineSurvivesEveryEditTool() throws Exception {
        write("uni.txt", "naïve café\n日本語 ✓\nlast line — no newline");
        ok("edit_file", "{\"target_file\": \"uni.txt\", \"line_edits\": [{\"type\": \"replace\", \"line_number\": 2, \"content\": \"中文 ✔\"}]}");
        assertEquals("naïve café\n中文 ✔\nlast line — no newline", read("uni.txt"));
        ok("search_replace", "{\"file_path\": \"uni.txt\", \"old_string\": \"café\", \"new_string\": \"crème brûlée 🍮\"}");
        assertEquals("naïve crème brûlée 🍮\n中文 ✔\nlast line — no newline", read("uni.txt"));
        assertTrue(ok("read_file", "{\"target_file\": \"uni.txt\"}").contains("no newline at the end"));
        String quotes = "it's \"quoted\" $HOME `date` \\ back\n<<EOF\nnot a heredoc\nEOF\n";
        ok("write_file", "{\"file_path\": \"new/dir/q.txt\", \"content\": " + json(quotes) + "}");
        assertEquals(quotes, read("new/dir/q.txt"));
    }

    @Test
    void searchReplaceNeedsExactlyOneMatchAndWritingKeepsTheFileMode() throws Exception {
        write("dup.txt", "x = 1\nx = 1\n");
        assertTrue(error("search_replace", "{\"file_path\": \"dup.txt\", \"old_string\": \"x = 1\", \"new_string\": \"x = 2\"}").contains("more than once"));
        assertTrue(error("search_replace", "{\"file_path\": \"dup.txt\", \"old_string\": \"y\", \"new_string\": \"z\"}").contains("not found"));
        ok("search_replace", "{\"file_path\": \"run.sh\", \"old_string\": \"echo hi\", \"new_string\": \"echo hello\"}");
        assertEquals("755\n#!/bin/sh\necho hello\n", sandbox.exec("stat -c %a run.sh && cat run.sh", Duration.ofSeconds(10)).stdout());
    }

    @Test
    void terminalCommandsKeepHeredocsAndQuotesAndTimeOut() throws Exception {
        String heredoc = "cat > h.txt <<'EOF'\nline with 'single' and \"double\" and $NOT_EXPANDED\nEOF\ncat h.txt; echo \"rc=$?\"";
        String out = ok("run_terminal_cmd", "{\"command\": " + json(heredoc) + ", \"is_background\": false}");
        assertTrue(out.startsWith("Exit code 0") && out.contains("line with 'single' and \"double\" and $NOT_EXPANDED\nrc=0"), out);
        assertTrue(ok("run_terminal_cmd", "{\"command\": \"echo oops >&2; exit 3\"}").contains("Exit code 3. Output:\noops"));

        long start = System.nanoTime();
        String slow = ok("run_terminal_cmd", "{\"command\": \"echo started; sleep 60\"}");
        assertTrue(slow.contains("killed after") && slow.contains("started"), slow);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 45, "stopped near the 3 s limit");

        String big = ok("run_terminal_cmd", "{\"command\": \"seq 1 20000\"}");
        assertTrue(big.length() < 4_300 && big.contains("[output truncated:") && big.contains("\n20000"), big.substring(0, 100));

        String bg = ok("run_terminal_cmd", "{\"command\": \"sleep 1; echo from-background\", \"is_background\": true}");
        assertTrue(bg.contains("/tmp/arena-background-"), bg);
        String log = bg.replaceAll("(?s).*(/tmp/arena-background-\\d+\\.log).*", "$1");
        String seen = sandbox.exec("sleep 3; cat " + log, Duration.ofSeconds(20)).stdout();
        assertEquals("from-background\n", seen);
    }

    @Test
    void searchToolsFindTextFilesAndSkipGitAndDependencies() throws Exception {
        String files = ok("file_search", "{\"query\": \"cachepol\"}");
        assertTrue(files.contains("src/deep/cache_policy.py"), files);
        String grep = ok("grep_search", "{\"query\": \"EVICT_[a-z]+\", \"case_sensitive\": false, \"include_pattern\": \"*.py\"}");
        assertTrue(grep.contains("src/deep/cache_policy.py:1:def evict_oldest(cache):") && !grep.contains(".git") && !grep.contains("node_modules"), grep);
        assertTrue(ok("grep_search", "{\"query\": \"EVICT_OLDEST\", \"case_sensitive\": true}").startsWith("No matches"));
        assertTrue(ok("grep_search", "{\"query\": \"evict\", \"exclude_pattern\": \"*.py\"}").startsWith("No matches"));
        String code = ok("codebase_search", "{\"query\": \"where is the oldest entry evicted from the cache\", \"target_directories\": [\"src\"]}");
        assertTrue(code.contains("src/deep/cache_policy.py (") && code.contains("1: def evict_oldest(cache):"), code);
        String dir = ok("list_dir", "{\"relative_workspace_path\": \"src\"}");
        assertTrue(dir.contains("[dir]  deep/") && dir.contains("[file] letters.txt (23 bytes)"), dir);
    }

    @Test
    void deleteFileRemovesFilesOnly() throws Exception {
        write("gone.txt", "x");
        ok("delete_file", "{\"target_file\": \"gone.txt\"}");
        assertTrue(error("delete_file", "{\"target_file\": \"gone.txt\"}").contains("not found"));
        assertTrue(error("delete_file", "{\"target_file\": \"src\"}").contains("is a folder"));
        assertTrue(error("delete_file", "{\"target_file\": \"..\"}").contains("outside"));
    }

    private static String ok(String tool, String args) throws InterruptedException {
        Turn.ToolResult r = tools.run(new Turn.ToolCall("c" + calls.incrementAndGet(), tool, args));
        assertFalse(r.isError(), () -> tool + " failed: " + r.content());
        return r.content();
    }

    private static String error(String tool, String args) throws InterruptedException {
        Turn.ToolResult r = tools.run(new Turn.ToolCall("c" + calls.incrementAndGet(), tool, args));
        assertTrue(r.isError(), () -> tool + " should have failed: " + r.content());
        return r.content();
    }

    private static void write(String path, String content) {
        sandbox.writeFile("/app/" + path, content.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(String path) {
        return new String(sandbox.readFile("/app/" + path), StandardCharsets.UTF_8);
    }

    private static String json(String s) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    }
}
