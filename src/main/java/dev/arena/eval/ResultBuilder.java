package dev.arena.eval;

import dev.arena.Version;
import dev.arena.eval.tests.TestReport;
import dev.arena.result.AgentUsage;
import dev.arena.result.ErrorKind;
import dev.arena.result.Phase;
import dev.arena.result.TaskResult;
import dev.arena.result.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what an attempt learns, phase by phase, into its {@link TaskResult}. Synchronized: the
 * watchdog may end an attempt (and build its result) while the attempt's own thread still runs.
 */
final class ResultBuilder {
    private final Attempt attempt;
    private final EvalSettings settings;
    private final Instant start = Instant.now();
    private final Map<String, Double> phaseSeconds = new LinkedHashMap<>();
    private Phase phase; // null before the first phase and after the last
    private long phaseStartNanos = System.nanoTime();
    private String image;
    private AgentUsage usage = AgentUsage.NONE;
    private Integer exitCode;
    private TestReport tests = TestReport.none();
    private List<String> protectedChanges = List.of();
    private boolean testsTimedOut;
    private Verdict verdict;
    private ErrorKind errorKind;
    private String error;

    ResultBuilder(Attempt attempt, EvalSettings settings) {
        this.attempt = attempt;
        this.settings = settings;
    }

    /** Ends the current phase (recording its time) and starts {@code next}. */
    synchronized void phase(Phase next) {
        endPhase();
        phase = next;
        phaseStartNanos = System.nanoTime();
    }

    synchronized Phase currentPhase() {
        return phase;
    }

    synchronized void image(String tag) {
        image = tag;
    }

    synchronized void usage(AgentUsage agentUsage) {
        usage = agentUsage;
    }

    synchronized void protectedChanges(List<String> paths) {
        protectedChanges = List.copyOf(paths);
    }

    /** @param exit null when the tests timed out */
    synchronized void graded(Integer exit, TestReport report, Verdict outcome, boolean timedOut) {
        exitCode = exit;
        tests = report;
        verdict = outcome;
        testsTimedOut = timedOut;
    }

    synchronized void error(ErrorKind kind, String message) {
        verdict = Verdict.ERROR;
        errorKind = kind;
        error = message;
    }

    synchronized TaskResult build() {
        String failedPhase = verdict == Verdict.ERROR && phase != null ? phase.json() : null;
        endPhase();
        phase = null;
        Instant end = Instant.now();
        return new TaskResult(TaskResult.SCHEMA, attempt.runId(), attempt.dataset().name(), attempt.task().id(),
                attempt.number(), Agents.baseName(settings.agent()), settings.model(), verdict, errorKind, error, failedPhase,
                verdict == Verdict.PASSED, exitCode, tests.passed(), tests.failed(), tests.skipped(), tests.total(),
                tests.format(), tests.tests(), protectedChanges, testsTimedOut, start, end, seconds(Duration.between(start, end)), Map.copyOf(phaseSeconds),
                settings.maxIterations(), attempt.passAtK(), usage.iterations(), usage.inputTokens(),
                usage.outputTokens(), usage.costUsd(), image, Version.get(), settings.modelSettings(),
                Agents.versionOf(settings.agent()));
    }

    private synchronized void endPhase() {
        if (phase != null) {
            phaseSeconds.merge(phase.json(), seconds(Duration.ofNanos(System.nanoTime() - phaseStartNanos)), Double::sum);
        }
    }

    private static double seconds(Duration d) {
        return Math.round(d.toMillis() / 10.0) / 100.0;
    }
}
