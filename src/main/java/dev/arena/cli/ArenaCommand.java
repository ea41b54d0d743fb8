package dev.arena.cli;

import dev.arena.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command: lists every subcommand in one place. */
@Command(name = "arena",
        mixinStandardHelpOptions = true,
        versionProvider = ArenaCommand.VersionProvider.class,
        description = "Evaluates AI coding agents on datasets of coding tasks, on this machine or on Kubernetes.",
        subcommands = {
            RunCommand.class,
            StatusCommand.class,
            ReportCommand.class,
            EvaluateCommand.class,
            ValidateCommand.class,
            RegradeCommand.class,
            UploadCommand.class,
            ImagesCommand.class,
            ResultsCommand.class,
            RunsCommand.class,
            ModelsCommand.class,
            SetupCommand.class,
            DoctorCommand.class,
            DeployCommand.class,
            ScaleCommand.class,
            CleanupCommand.class,
            TeardownCommand.class,
            picocli.CommandLine.HelpCommand.class,
        },
        footer = {"", "Exit codes: 0 ok, 1 problems found (validation problems, errors in a run),"
                + " 2 bad input, 3 environment unusable (Docker, storage), 130 interrupted."})
public final class ArenaCommand {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces with errors.")
    boolean verbose;

    static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"arena " + Version.get()};
        }
    }
}
