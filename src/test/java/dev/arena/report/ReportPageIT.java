package dev.arena.report;

import dev.arena.run.RunRepository;
import dev.arena.store.LocalStore;
import dev.arena.store.RunLayout;
import dev.arena.testing.Browser;
import dev.arena.testing.RequiresBrowser;
import dev.arena.testing.RunFixture;
import dev.arena.testing.SyntheticRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static dev.arena.result.Verdict.PASSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report page in a real headless chromium: it loads cleanly, draws, filters and steps through a trajectory. */
@RequiresBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportPageIT {
    private static final String EVIL_PATCH = "+</script><script>window.pwned = 1</script>\n";

    Path tmp;
    ChromeDriver browser;
    Report report;

    @BeforeAll
    void openTheReportOfThreeRuns(@TempDir Path tmp) throws Exception {
        this.tmp = tmp;
        LocalStore store = new LocalStore(tmp.resolve("runs"));
        SyntheticRuns.write(store, "model-a", "vendor/model-a", 3, 8, 1, 0.7, 3.0, 1);
        SyntheticRuns.write(store, "model-b", "vendor/model-b", 3, 8, 1, 0.5, 1.0, 2);
        new RunFixture("model-c", "gladiator", "local/unpriced", 1).task("dataset-z", "script-in-patch", PASSED)
                .result("dataset-z", "script-in-patch", 1, PASSED, null, 3, 10, 10, null)
                .file("dataset-z", "script-in-patch", 1, RunLayout.PATCH, EVIL_PATCH).write(store);
        ReportService service = new ReportService(new RunRepository(store));
        List<RunData> runs = service.load(List.of("model-a", "model-b", "model-c"));
        report = service.build(runs);
        Path page = tmp.resolve("report.html");
        service.write(report, runs, new ReportOutputs(null, null, page, false));

        browser = Browser.start();
        Browser.openReport(browser, page.toUri().toString(), Duration.ofSeconds(30));
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void loadsWithoutConsoleErrors() {
        List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertEquals(List.of(), severe);
    }

    @Test
    void drawsTheCharts() {
        // 3 datasets in each of two runs, plus model-c's one dataset
        assertEquals(7, browser.findElements(By.cssSelector("#chart-datasets rect.bar")).size());
        assertEquals(7, browser.findElements(By.cssSelector("#chart-datasets path.errorbar")).size());
        assertEquals(2, browser.findElements(By.cssSelector("#chart-cost circle.point")).size(), "model-c is unpriced");
        assertTrue(browser.findElement(By.id("chart-cost-note")).getText().contains("model-c"));
        assertEquals(20, browser.findElements(By.cssSelector("#chart-durations rect.bin")).size());
        assertEquals(3, browser.findElements(By.cssSelector("#headline .card")).size());
    }

    @Test
    void filtersHideTheRowsTheyShould() {
        assertEquals(25, rows().size());
        new Select(browser.findElement(By.id("filter-dataset"))).selectByValue("dataset-b");
        List<WebElement> rows = rows();
        assertEquals(8, rows.size());
        assertTrue(rows.stream().allMatch(r -> r.findElement(By.tagName("td")).getText().equals("dataset-b")));

        long errors = report.tasks().stream().filter(t -> t.dataset().equals("dataset-b"))
                .filter(t -> t.cells().stream().anyMatch(c -> c != null && c.verdict().equals("error"))).count();
        new Select(browser.findElement(By.id("filter-verdict"))).selectByValue("error");
        assertEquals(errors, rows().size());
        new Select(browser.findElement(By.id("filter-verdict"))).selectByValue("");
        new Select(browser.findElement(By.id("filter-dataset"))).selectByValue("");
        assertEquals(25, rows().size());
    }

    @Test
    void aTaskOpensWithItsTrajectoryPatchAndTestOutput() {
        rows().get(0).click();
        WebElement detail = browser.findElement(By.id("detail"));
        assertTrue(detail.isDisplayed());
        assertEquals("dataset-a/task-00000", detail.findElement(By.tagName("h2")).getText());
        WebElement trajectory = detail.findElement(By.cssSelector(".trajectory"));
        String info = trajectory.findElement(By.cssSelector(".step-info")).getText();
        assertTrue(info.startsWith("step 1 of "), info);
        assertTrue(trajectory.findElement(By.cssSelector(".step pre.assistant")).getText().startsWith("Step 1:"));
        trajectory.findElement(By.cssSelector("button.step-next")).click();
        assertTrue(trajectory.findElement(By.cssSelector(".step-info")).getText().startsWith("step 2 of "));
        assertTrue(trajectory.findElement(By.cssSelector(".step pre.assistant")).getText().startsWith("Step 2:"));
        assertTrue(detail.findElement(By.cssSelector("pre.patch")).getText().startsWith("diff --git"));
        assertTrue(detail.findElement(By.cssSelector("pre.test-output")).getText().contains("test session starts"));
    }

    @Test
    void aPatchHoldingScriptTagsIsShownAsText() {
        new Select(browser.findElement(By.id("filter-dataset"))).selectByValue("dataset-z");
        rows().get(0).click();
        new Select(browser.findElement(By.id("filter-dataset"))).selectByValue("");
        String shown = (String) browser.executeScript(
                "return [...document.querySelectorAll('#detail pre.patch')].map(p => p.textContent).join('')");
        assertEquals(EVIL_PATCH, shown);
        assertNull(browser.executeScript("return window.pwned"));
        assertFalse(Files.exists(tmp.resolve("pwned")));
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#task-table tbody tr"));
    }
}
