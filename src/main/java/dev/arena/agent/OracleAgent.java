package dev.arena.agent;

import dev.arena.result.AgentUsage;
import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;
import dev.arena.sandbox.ExecResult;

import java.io.IOException;
import java.time.Duration;

/**
 * Applies the task's gold diff: proves the task and its tests work. Tries strict application
 * first, then more tolerant ones (whitespace, fuzz), as gold diffs are often hand-edited. /app is
 * not a git repository ({@code git apply} works outside one). The gold diff enters this agent's own
 * sandbox only, never the grading one; what grading applies is the change arena takes from /app. A diff
 * that applies nowhere is an {@code agent} error: the task is broken, not the model.
 */
public final class OracleAgent implements Agent {
    private static final String DIFF_PATH = "/tmp/arena-gold.diff";
    private static final String[] APPLY_COMMANDS = {
        "git apply --whitespace=nowarn " + DIFF_PATH,
        "git apply --ignore-whitespace --whitespace=nowarn " + DIFF_PATH,
        "git apply --ignore-whitespace --whitespace=nowarn --recount -C1 " + DIFF_PATH,
        "command -v patch >/dev/null && patch -p1 -l -N --fuzz=3 --batch < " + DIFF_PATH,
    };

    @Override
    public String name() {
        return "oracle";
    }

    @Override
    public AgentUsage solve(AgentContext context) throws EvaluationException, InterruptedException {
        byte[] diff;
        try {
            diff = context.task().readGoldDiff();
        } catch (IOException e) {
            throw new EvaluationException(ErrorKind.AGENT, "the task has no readable gold diff (" + e.getMessage() + ")");
        }
        context.sandbox().writeFile(DIFF_PATH, diff);
        try {
            StringBuilder attempts = new StringBuilder();
            for (String command : APPLY_COMMANDS) {
                ExecResult r = context.sandbox().exec(command, Duration.ofMinutes(2));
                if (r.ok()) {
                    context.log().accept("oracle: gold diff applied with `" + command + "`");
                    return new AgentUsage(1, 0, 0, null);
                }
                attempts.append("$ ").append(command).append('\n').append(r.output()).append('\n');
                // nothing to undo: git apply changes nothing unless the whole diff applies, and patch is the last try
            }
            context.log().accept("oracle: gold diff did not apply:\n" + attempts);
            throw new EvaluationException(ErrorKind.AGENT, "the gold diff does not apply to the task image");
        } finally {
            context.sandbox().exec("rm -f " + DIFF_PATH, Duration.ofSeconds(30));
        }
    }
}
