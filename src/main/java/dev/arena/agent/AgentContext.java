package dev.arena.agent;

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
 */
public record AgentContext(Sandbox sandbox, Task task, TaskDescription description, int maxIterations,
                           Instant deadline, Consumer<String> log, BiConsumer<String, byte[]> saveFile, IntConsumer openPort) {
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
