package dev.arena.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The static checks of {@code arena validate}: everything that can be known without Docker.
 * Reports every problem rather than stopping at the first, so one pass fixes a dataset.
 */
public final class DatasetValidator {
    private static final Pattern DIFF_TARGET = Pattern.compile("^(?:\\+\\+\\+|---) [ab]/(\\S+)", Pattern.MULTILINE);

    private DatasetValidator() {
    }

    public static List<Problem> validate(Dataset dataset) {
        List<Problem> problems = new ArrayList<>();
        String name = dataset.name();
        if (!Names.isSafe(name)) {
            problems.add(new Problem(name, null, "name may only hold letters, digits, '.', '_' and '-' (at most 63)"));
        }
        if (!Files.isRegularFile(dataset.dir().resolve(Dataset.DOCKERFILE))) {
            problems.add(new Problem(name, null, "no Dockerfile"));
        }
        if (!Files.isRegularFile(dataset.testScript())) {
            problems.add(new Problem(name, null, "no " + Dataset.TEST_SCRIPT));
        }
        try {
            DatasetSettings.read(dataset.dir());
        } catch (DatasetSettings.Invalid e) {
            problems.add(new Problem(name, null, e.getMessage()));
        }
        if (dataset.tasks().isEmpty()) {
            problems.add(new Problem(name, null, "no tasks (expected folders under tasks/)"));
        }
        Map<String, String> seen = new HashMap<>();
        for (Task task : dataset.tasks()) {
            String clash = seen.putIfAbsent(task.id().toLowerCase(Locale.ROOT), task.id());
            if (clash != null) {
                problems.add(new Problem(name, task.id(), "duplicate task id (clashes with " + clash + ")"));
            }
            problems.addAll(validate(name, task));
        }
        return problems;
    }

    private static List<Problem> validate(String dataset, Task task) {
        List<Problem> problems = new ArrayList<>();
        if (!Names.isSafe(task.id())) {
            problems.add(new Problem(dataset, task.id(), "task id may only hold letters, digits, '.', '_' and '-' (at most 63)"));
        }
        if (!Files.isRegularFile(task.descriptionFile())) {
            problems.add(new Problem(dataset, task.id(), "no " + Task.DESCRIPTION_FILE));
        } else {
            try {
                DescriptionParser.parse(task.readDescription());
            } catch (DescriptionException e) {
                problems.add(new Problem(dataset, task.id(), "unparsable " + Task.DESCRIPTION_FILE + ": " + e.getMessage()));
            } catch (IOException e) {
                problems.add(new Problem(dataset, task.id(), "unreadable " + Task.DESCRIPTION_FILE + ": " + e.getMessage()));
            }
        }
        if (!Files.isRegularFile(task.goldDiffFile())) {
            problems.add(new Problem(dataset, task.id(), "no " + Task.GOLD_DIFF_FILE + " (the oracle cannot check this task)"));
        } else {
            problems.addAll(checkDiff(dataset, task));
        }
        return problems;
    }

    private static List<Problem> checkDiff(String dataset, Task task) {
        String diff;
        try {
            diff = new String(task.readGoldDiff(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of(new Problem(dataset, task.id(), "unreadable " + Task.GOLD_DIFF_FILE + ": " + e.getMessage()));
        }
        if (!DIFF_TARGET.matcher(diff).find()) {
            return List.of(new Problem(dataset, task.id(), Task.GOLD_DIFF_FILE + " is not a unified diff"));
        }
        List<Problem> problems = new ArrayList<>();
        var m = DIFF_TARGET.matcher(diff);
        while (m.find()) {
            if (m.group(1).startsWith(Dataset.TASKS_DIR + "/")) {
                problems.add(new Problem(dataset, task.id(), Task.GOLD_DIFF_FILE + " changes " + m.group(1)
                        + ", which grading overwrites with the hidden tests"));
                break;
            }
        }
        return problems;
    }
}
