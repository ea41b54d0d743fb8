package dev.arena.agent;

import dev.arena.result.AgentUsage;

/** Changes nothing: the baseline every report needs (a task that passes under it is broken). */
public final class NullAgent implements Agent {
    @Override
    public String name() {
        return "null";
    }

    @Override
    public AgentUsage solve(AgentContext context) {
        context.log().accept("null agent: leaving /app unchanged");
        return AgentUsage.NONE;
    }
}
