package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * The jar's entry point (the operator's tool and the in-pod evaluator are the same program), and
 * the command line with arena's error handling: one line per error, a stack trace only with --verbose.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ArenaCommand());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            boolean verbose = parsed.originalArgs().contains("--verbose");
            if (e instanceof InterruptedException) {
                // Ctrl+C: the interrupt hook has already said what was kept and how to resume
                return ExitCode.INTERRUPTED.code();
            }
            if (e instanceof ArenaException ae) {
                err.println("arena: " + ae.getMessage());
                if (verbose) {
                    ae.printStackTrace(err);
                }
                err.flush();
                return ae.exitCode().code();
            }
            err.println("arena: internal error: " + e + (verbose ? "" : " (run again with --verbose for details)"));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCode.INTERNAL.code();
        });
        cli.setExecutionStrategy(parsed -> {
            // picocli shows the help when --help follows a word it does not know; say the word is unknown instead
            for (CommandLine.ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
                if (!p.unmatched().isEmpty() && !p.commandSpec().parser().unmatchedArgumentsAllowed()) {
                    throw new CommandLine.UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            String unknown = unknownCommand(e);
            if (unknown != null) {
                err.println("arena: unknown command '" + unknown + "'; see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                        + " --help' for the commands");
                err.flush();
                return ExitCode.USAGE.code();
            }
            err.println("arena: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCode.USAGE.code();
        });
        return cli;
    }

    /** The word given where a command has only subcommands to offer, or null when the error is another one. */
    private static String unknownCommand(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !e.getCommandLine().getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            return u.getUnmatched().get(0);
        }
        return null;
    }
}
