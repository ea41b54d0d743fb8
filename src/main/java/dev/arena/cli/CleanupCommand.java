package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import dev.arena.k8s.JobCleaner;
import dev.arena.k8s.JobState;
import dev.arena.k8s.Jobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Delete arena's Jobs and pods from the cluster.", "Results in the bucket stay.",
            "completed: Jobs that ended well; failed: Jobs that failed; all: every Job, running ones too (asks first);",
            "status: show what each choice would delete."})
final class CleanupCommand implements Callable<Integer> {
    @Parameters(paramLabel = "WHAT", description = "completed, failed, all or status.")
    String what;

    @Option(names = "--run", paramLabel = "RUN_ID", description = "Only the Job of this run.")
    String runId;

    @Option(names = "--yes", description = "Do not ask before `all`.")
    boolean yes;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        if (!List.of("completed", "failed", "all", "status").contains(what)) {
            throw ArenaException.usage("cleanup takes completed, failed, all or status, not '" + what + "'");
        }
        Jobs jobs = new Jobs(cluster.connect());
        JobCleaner cleaner = new JobCleaner(jobs);
        ClusterStatusPrinter printer = new ClusterStatusPrinter(System.out);
        if (what.equals("status")) {
            for (JobCleaner.Which w : JobCleaner.Which.values()) {
                List<JobState> selected = cleaner.select(w, runId);
                System.out.println("cleanup " + w.name().toLowerCase() + " would delete " + selected.size() + " job(s):");
                printer.jobs(selected);
            }
            return ExitCode.OK.code();
        }
        List<JobState> selected = cleaner.select(JobCleaner.Which.parse(what), runId);
        if (what.equals("all") && !yes && !selected.isEmpty() && !confirm(selected.size())) {
            System.err.println("nothing deleted");
            return ExitCode.PROBLEMS.code();
        }
        cleaner.delete(selected);
        selected.forEach(j -> System.out.println("deleted job " + j.name() + " (run " + j.runId() + ") with its pods"));
        System.err.println(selected.size() + " job(s) deleted");
        return ExitCode.OK.code();
    }

    private static boolean confirm(int count) throws Exception {
        System.err.print("delete " + count + " job(s), running ones included? [y/N] ");
        System.err.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
        return answer != null && answer.strip().equalsIgnoreCase("y");
    }
}
