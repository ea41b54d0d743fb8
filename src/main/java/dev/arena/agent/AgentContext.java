package dev.arena.agent;

import dev.arena.agent.llm.RunSpend;
import dev.arena.dataset.Task;
import dev.arena.dataset.TaskDescription;
import dev.arena.sandbox.Sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * What an agent gets for one attempt: the sandbox, the task and its prompt, its limits, a log,
 * and {@code saveFile} to store files of its own next to result.json (for example
 * {@code trajectory.json}); names are relative to the attempt's folder. {@code openPort} lets the
 * sandbox reach a TCP port on its network's gateway address (where an agent's model gateway
 * listens): a sandbox on a network of its own reaches nothing else; elsewhere it does nothing.
 * {@code runSpend} is the run's account of model costs: the agent's meter adds each call to it
 * and stops calling once the run's cap ({@code --max-cost}) is spent.
 */
public record AgentContext(Sandbox sandbox, Task task, TaskDescription description, int maxIterations,
                           Instant deadline, Consumer<String> log, BiConsumer<String, byte[]> saveFile, IntConsumer openPort,
                           RunSpend runSpend) {
    public AgentContext {
        runSpend = runSpend == null ? RunSpend.NONE : runSpend;
    }

    /** Without a run cap. */
    public AgentContext(Sandbox sandbox, Task task, TaskDescription description, int maxIterations,
                        Instant deadline, Consumer<String> log, BiConsumer<String, byte[]> saveFile, IntConsumer openPort) {
        this(sandbox, task, description, maxIterations, deadline, log, saveFile, openPort, RunSpend.NONE);
    }

    /** For a sandbox whose network needs no port opened. */
    public AgentContext(Sandbox sandbox, Task task, TaskDescription description, int maxIterations,
                        Instant deadline, Consumer<String> log, BiConsumer<String, byte[]> saveFile) {
        this(sandbox, task, description, maxIterations, deadline, log, saveFile, port -> { });
    }

    /** Time left before the attempt's deadline, never negative. */
    public Duration remaining() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
