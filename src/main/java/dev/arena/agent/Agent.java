package dev.arena.agent;

import dev.arena.result.AgentUsage;
import dev.arena.result.EvaluationException;

/**
 * Something that tries to solve a task by changing the code in the sandbox's /app. It runs in
 * the JVM; only its commands run in the container, so its API keys never enter it. Throw
 * {@link EvaluationException} with the kind that fits (agent, model_api, rate_limited) when it
 * cannot act; returning normally means "done, grade me".
 */
public interface Agent {
    String name();

    AgentUsage solve(AgentContext context) throws EvaluationException, InterruptedException;
}
