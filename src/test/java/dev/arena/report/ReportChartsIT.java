package dev.arena.report;

import dev.arena.run.RunRepository;
import dev.arena.store.LocalStore;
import dev.arena.testing.Browser;
import dev.arena.testing.RequiresBrowser;
import dev.arena.testing.RunFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.arena.result.Verdict.FAILED;
import static dev.arena.result.Verdict.PASSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The charts of a small report in a real headless chromium: one unpriced run of six tasks whose
 * busiest duration bin holds three, the case where the axes used to read "$0.0000" and "2, 2".
 */
@RequiresBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportChartsIT {
    ChromeDriver browser;

    @BeforeAll
    void openTheReportOfOneUnpricedRun(@TempDir Path tmp) {
        LocalStore store = new LocalStore(tmp.resolve("runs"));
        RunFixture run = new RunFixture("unpriced", "gladiator", "local/unpriced", 1);
        double[] seconds = {20, 20, 20, 5, 5, 1}; // three in the last of the 20 bins, two in the sixth, one in the second
        for (int i = 0; i < seconds.length; i++) {
            String task = "task-" + i;
            run.task("ds", task, PASSED).result("ds", task, 1, i % 2 == 0 ? PASSED : FAILED, null, seconds[i], 100, 10, null);
        }
        run.write(store);
        ReportService service = new ReportService(new RunRepository(store));
        List<RunData> runs = service.load(List.of("unpriced"));
        Path page = tmp.resolve("report.html");
        service.write(service.build(runs), runs, new ReportOutputs(null, null, page, false));

        browser = Browser.start();
        Browser.openReport(browser, page.toUri().toString(), Duration.ofSeconds(30));
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    private List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    @Test
    void theDurationCountAxisHasWholeTicksOnly() {
        // the count labels are the texts that are bare numbers; the time labels end in s or min
        List<String> counts = texts("#chart-durations text").stream().filter(t -> t.matches("\\d+(\\.\\d+)?")).toList();
        assertEquals(List.of("0", "1", "2", "3"), counts);
        assertEquals(20, browser.findElements(By.cssSelector("#chart-durations rect.bin")).size());
    }

    @Test
    void theCostChartSaysThereIsNoPricedRunInsteadOfDrawingEmptyAxes() {
        List<String> cost = texts("#chart-cost text");
        assertEquals(List.of("no priced runs"), cost);
        assertEquals(0, browser.findElements(By.cssSelector("#chart-cost line")).size());
        assertTrue(browser.findElement(By.id("chart-cost-note")).getText().contains("unpriced"));
    }
}
