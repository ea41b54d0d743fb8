package dev.arena.agent;

import dev.arena.dataset.Task;
import dev.arena.dataset.TaskDescription;
import dev.arena.sandbox.Sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What an agent gets for one attempt: the sandbox, the task and its prompt, its limits, a log,
 * and {@code saveFile} to store files of its own next to result.json (for example
 * {@code trajectory.json}); names are relative to the attempt's folder.
 */
public record AgentContext(Sandbox sandbox, Task task, TaskDescription description, int maxIterations,
                           Instant deadline, Consumer<String> log, BiConsumer<String, byte[]> saveFile) {
    /** Time left before the attempt's deadline, never negative. */
    public Duration remaining() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
