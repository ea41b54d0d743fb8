package dev.arena.agent.gladiator;

import dev.arena.agent.llm.ToolSpec;

/** One tool the model may call; the text it returns is what the model reads. */
interface Tool {
    ToolSpec spec();

    String run(ToolArgs args) throws ToolException, InterruptedException;
}
