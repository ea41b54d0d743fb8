package dev.arena.eval;

import dev.arena.dataset.DatasetSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The test harness of a dataset: paths under {@code /app} whose changes in an agent's patch are not
 * applied at grading (they are recorded in result.json's {@code protected_changes} instead). Globs
 * are git {@code :(glob)} pathspecs relative to {@code /app}: {@code *} stays within a folder,
 * a leading {@code **}{@code /} matches in every folder, the top one included.
 */
final class ProtectedPaths {
    /**
     * The default set: the grader and the hidden tests' folder, plus the configuration a test
     * runner the parsers know reads by itself from the project tree. pytest: {@code conftest.py}
     * (code pytest runs), its ini files, and {@code pyproject.toml} (pytest reads
     * {@code [tool.pytest.ini_options]} from it, which can add plugins and flags; it also holds project
     * metadata, which an honest fix rarely needs to change); Python's start-up hooks
     * ({@code sitecustomize.py}, {@code usercustomize.py}); modules that would shadow pytest or
     * the libraries it imports first ({@code python3 -m pytest} puts {@code /app} first on
     * {@code sys.path}). Jest and the other Node runners: their config files. go test and Maven
     * Surefire read nothing beyond {@code go.mod} and {@code pom.xml}, which hold the build and stay
     * out. {@code package.json} stays out too: it holds the project's dependencies.
     */
    static final List<String> DEFAULTS = List.of(
            "run_tests.sh", "tasks/**",
            "**/conftest.py", "**/pytest.ini", "**/.pytest.ini", "**/pytest.toml", "**/.pytest.toml",
            "**/tox.ini", "**/setup.cfg", "**/pyproject.toml",
            "**/sitecustomize.py", "**/usercustomize.py",
            "**/pytest.*", "**/pytest/__init__.*", "**/_pytest.*", "**/_pytest/__init__.*",
            "**/pluggy.*", "**/pluggy/__init__.*", "**/iniconfig.*", "**/iniconfig/__init__.*",
            "**/jest.config.*", "**/.mocharc*", "**/vitest.config.*", "**/vitest.workspace.*");

    private final List<String> globs;

    private ProtectedPaths(List<String> globs) {
        this.globs = List.copyOf(globs);
    }

    /** The defaults plus what the dataset's arena.json adds. */
    static ProtectedPaths of(DatasetSettings settings) {
        List<String> all = new ArrayList<>(DEFAULTS);
        settings.protectedPaths().stream().filter(g -> !all.contains(g)).forEach(all::add);
        return new ProtectedPaths(all);
    }

    List<String> globs() {
        return globs;
    }

    /** Shell words selecting exactly the protected paths (for {@code git diff -- ...}). */
    String pathspecs() {
        return globs.stream().map(g -> quote(":(glob)" + g)).collect(Collectors.joining(" "));
    }

    /** Shell words selecting everything but the protected paths. */
    String exclusions() {
        return ". " + globs.stream().map(g -> quote(":(exclude,glob)" + g)).collect(Collectors.joining(" "));
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
