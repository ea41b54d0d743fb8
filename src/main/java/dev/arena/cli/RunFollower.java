package dev.arena.cli;

import dev.arena.ExitCode;
import dev.arena.agent.llm.RunSpend;
import dev.arena.run.Executor;

import java.io.PrintStream;

/**
 * Runs one start or resume call of an {@link Executor} the way the terminal wants it: Ctrl+C
 * cancels it and says what to do next, the status table ends it, stdout gets only the run id,
 * and the exit code says whether every item was judged without an error.
 */
final class RunFollower {
    /** The executor call to follow. */
    interface Call {
        Executor.Outcome run() throws InterruptedException;
    }

    /** Stops the call in progress (Ctrl+C). */
    interface Cancel {
        void cancel() throws InterruptedException;
    }

    /** What Ctrl+C says after the executor has been cancelled. */
    interface OnInterrupt {
        void said();
    }

    private final PrintStream err;
    private final PrintStream out;
    private final String resumeCommand;

    RunFollower(PrintStream err, PrintStream out) {
        this(err, out, null);
    }

    /** @param resumeCommand how to continue the run, named when its cap (--max-cost) left items not started */
    RunFollower(PrintStream err, PrintStream out, String resumeCommand) {
        this.err = err;
        this.out = out;
        this.resumeCommand = resumeCommand;
    }

    int follow(Executor executor, Call call, OnInterrupt onInterrupt, Runnable beforeSummary) throws InterruptedException {
        return follow(executor::cancel, call, onInterrupt, beforeSummary);
    }

    int follow(Cancel cancel, Call call, OnInterrupt onInterrupt, Runnable beforeSummary) throws InterruptedException {
        Executor.Outcome outcome;
        try (Interrupts onCtrlC = Interrupts.onInterrupt(() -> {
            cancel.cancel();
            onInterrupt.said();
        })) {
            outcome = call.run();
        }
        beforeSummary.run();
        if (outcome.status() == null) {
            out.println(outcome.runId());
            return ExitCode.OK.code(); // submitted: the run goes on elsewhere
        }
        new StatusPrinter(err).print(outcome.status(), outcome.location());
        Executor.BudgetStop stop = outcome.budgetStop();
        if (stop != null) {
            // not clean, so exit 1 (results missing), as for any run with items left to resume
            err.println("run budget $" + RunSpend.usd(stop.capUsd()) + " spent ($" + RunSpend.usd(stop.spentUsd()) + " used): "
                    + stop.notStarted() + " attempt(s) not started; resume with "
                    + (resumeCommand != null ? resumeCommand : "arena run --resume " + outcome.runId()) + " --max-cost USD");
        }
        out.println(outcome.runId());
        return outcome.clean() ? ExitCode.OK.code() : ExitCode.PROBLEMS.code();
    }
}
