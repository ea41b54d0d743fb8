package dev.arena.agent.gladiator;

import dev.arena.agent.llm.ToolSpec;
import dev.arena.sandbox.ExecResult;
import dev.arena.sandbox.SandboxException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * run_terminal_cmd: a shell command in /app, handed to the sandbox as it is (the sandbox passes
 * it to {@code sh -c} as one argument, so quotes and heredocs arrive intact). A background
 * command goes into a script file and is started detached, its output kept in a log file.
 */
final class RunTerminalCmdTool implements Tool {
    private final Workspace workspace;
    private final AtomicInteger backgroundCount = new AtomicInteger();

    RunTerminalCmdTool(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public ToolSpec spec() {
        return ToolSchema.tool("run_terminal_cmd", "Run a shell command (sh -c) in /app and get its exit code and output. A command is"
                        + " killed after " + workspace.config().commandTimeout().toSeconds() + " seconds; long output is cut in the middle."
                        + " Commands are not interactive: pass flags like -y. Set is_background for servers and other long-running"
                        + " processes; their output goes to a log file under /tmp.")
                .string("command", "The command to run.", true)
                .bool("is_background", "true to start the command in the background and return at once.", false)
                .build();
    }

    @Override
    public String run(ToolArgs args) throws ToolException, InterruptedException {
        String command = args.string("command");
        if (command.isBlank()) {
            throw new ToolException("command is empty");
        }
        if (args.bool("is_background", false)) {
            return background(command);
        }
        Duration limit = workspace.config().commandTimeout();
        ExecResult r = workspace.exec(command, limit);
        StringBuilder out = new StringBuilder();
        if (r.timedOut()) {
            out.append("The command was killed after ").append(r.elapsed().toSeconds())
                    .append(" seconds (time limit). Output so far:\n");
        } else {
            out.append("Exit code ").append(r.exitCode()).append(". Output:\n");
        }
        String output = r.output();
        out.append(output.isEmpty() ? "(no output)" : output);
        return workspace.cap(out.toString());
    }

    private String background(String command) throws ToolException, InterruptedException {
        int n = backgroundCount.incrementAndGet();
        String script = "/tmp/arena-background-" + n + ".sh";
        String log = "/tmp/arena-background-" + n + ".log";
        try {
            workspace.sandbox().writeFile(script, command.getBytes(StandardCharsets.UTF_8));
        } catch (SandboxException e) {
            throw new ToolException("cannot start the command: " + e.getMessage());
        }
        // all three streams redirected, or the exec would wait for the process to close them
        ExecResult r = workspace.exec("nohup sh " + script + " > " + log + " 2>&1 < /dev/null & echo $!", Duration.ofSeconds(30));
        if (!r.ok()) {
            throw new ToolException("cannot start the command: " + r.output().strip());
        }
        return "Started in the background as process " + r.stdout().strip() + "; its output goes to " + log
                + " (read it with run_terminal_cmd, e.g. tail " + log + ").";
    }
}
