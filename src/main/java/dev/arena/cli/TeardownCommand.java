package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.config.KubeconfigPath;
import dev.arena.config.Settings;
import dev.arena.gcp.GcpClients;
import dev.arena.gcp.KubeconfigWriter;
import dev.arena.gcp.SetupConfig;
import dev.arena.Sleeper;
import dev.arena.gcp.Teardown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.Console;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "teardown", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Delete everything `arena setup` made.",
            "Deletes the cluster, the repository (with its images), the service account,"
                + " the bucket with all runs and datasets (unless --keep-bucket), the kubeconfig context and the settings."
                + " Asks for confirmation on a terminal; elsewhere pass --yes."})
final class TeardownCommand implements Callable<Integer> {
    @Mixin
    GcpOptions gcp;

    @Option(names = "--keep-bucket", description = "Keep the bucket and everything in it (runs, datasets).")
    boolean keepBucket;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = Settings.load();
        SetupConfig config = gcp.existing(settings, settings.get(Settings.Key.NAMESPACE, null));
        if (!yes && !confirmed(config)) {
            return ExitCode.PROBLEMS.code();
        }
        try (GcpClients clients = GcpClients.applicationDefault(config.project())) {
            new Teardown(clients, new KubeconfigWriter(KubeconfigPath.of(System.getenv())), settings.file(),
                    Sleeper.REAL, Clock.systemUTC(), System.err::println).run(config, keepBucket, s -> System.out.println(s.line()));
        }
        return ExitCode.OK.code();
    }

    private boolean confirmed(SetupConfig c) {
        Console console = System.console();
        if (console == null) {
            throw ArenaException.usage("teardown deletes cluster " + c.cluster() + (keepBucket ? "" : " and bucket gs://" + c.bucket())
                    + " in project " + c.project() + "; pass --yes to confirm without a terminal");
        }
        console.printf("This deletes in project %s: cluster %s (%s), repository %s, service account %s%s, kubeconfig context %s.%n",
                c.project(), c.cluster(), c.region(), c.registry(), c.serviceAccountEmail(),
                keepBucket ? "" : ", bucket gs://" + c.bucket() + " with all runs and datasets", c.contextName());
        String answer = console.readLine("Delete? [y/N] ");
        boolean ok = answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        if (!ok) {
            System.err.println("nothing deleted");
        }
        return ok;
    }
}
