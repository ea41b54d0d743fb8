package dev.arena.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunLayoutTest {

    @Test
    void passAtOneKeepsOneFolderPerTask() {
        RunLayout layout = new RunLayout("run", 1);
        assertEquals("run/ds/task/result.json", layout.resultKey("ds", "task", 1));
        assertEquals("run/ds/task/", layout.attemptDir("ds", "task", 1));
    }

    @Test
    void passAtThreeKeepsOneFolderPerAttempt() {
        RunLayout layout = new RunLayout("run", 3);
        assertEquals("run/ds/task/attempt-1/result.json", layout.resultKey("ds", "task", 1));
        assertEquals("run/ds/task/attempt-2/result.json", layout.resultKey("ds", "task", 2));
        assertEquals("run/ds/task/attempt-3/", layout.attemptDir("ds", "task", 3));
    }

    @Test
    void runLevelKeys() {
        RunLayout layout = new RunLayout("20250101-120000", 2);
        assertEquals("20250101-120000/", layout.runDir());
        assertEquals("20250101-120000/run.json", layout.planKey());
        assertEquals("20250101-120000/summary.json", layout.summaryKey());
    }

    @Test
    void attemptFilesLiveUnderTheAttemptFolder() {
        RunLayout layout = new RunLayout("r", 2);
        String dir = layout.attemptDir("py-textkit", "task-4", 2);
        assertEquals("r/py-textkit/task-4/attempt-2/patch.diff", dir + RunLayout.PATCH);
        assertEquals("r/py-textkit/task-4/attempt-2/test_output.txt", dir + RunLayout.TEST_OUTPUT);
        assertEquals("r/py-textkit/task-4/attempt-2/logs/task.log", dir + RunLayout.TASK_LOG);
        assertEquals("r/py-textkit/task-4/attempt-2/logs/image_build.log", dir + RunLayout.BUILD_LOG);
    }
}
