package dev.arena.agent;

import dev.arena.result.AgentUsage;
import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;
import dev.arena.sandbox.ExecResult;

import java.time.Duration;

/**
 * Makes again the change an earlier attempt made: applies its stored {@code patch.diff} to
 * {@code /app}. {@code arena regrade} grades it with today's grader and tests, without the
 * agent that wrote it. A patch that no longer applies (the dataset's code changed since) is an
 * {@code agent} error, named as such.
 */
public final class ReplayAgent implements Agent {
    private static final String PATCH_PATH = "/tmp/arena-replay.diff";

    private final byte[] patch;

    public ReplayAgent(byte[] patch) {
        this.patch = patch.clone();
    }

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public AgentUsage solve(AgentContext context) throws EvaluationException, InterruptedException {
        if (patch.length == 0) {
            context.log().accept("replay: the stored patch is empty; nothing to apply");
            return AgentUsage.NONE;
        }
        context.sandbox().writeFile(PATCH_PATH, patch);
        ExecResult applied = context.sandbox().exec("git apply --binary --whitespace=nowarn " + PATCH_PATH
                + " && rm -f " + PATCH_PATH, Duration.ofMinutes(2));
        if (!applied.ok()) {
            throw new EvaluationException(ErrorKind.AGENT, "the stored patch does not apply to the dataset as it is now: "
                    + applied.output().strip().lines().reduce((a, b) -> b).orElse(""));
        }
        context.log().accept("replay: the stored patch applied");
        return AgentUsage.NONE;
    }
}
