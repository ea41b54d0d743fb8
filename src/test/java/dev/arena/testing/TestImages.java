package dev.arena.testing;

import dev.arena.config.BuildArgs;
import dev.arena.eval.EvalSettings;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The base image and evaluation settings the Docker tests use: the local image made by scripts/local-base-image.sh. */
public final class TestImages {
    private TestImages() {
    }

    /** BASE_IMAGE from $ARENA_BUILD_ARGS when set, else the image the script builds. */
    /** {@link #buildArgs()} as the command line's {@code --build-arg NAME=VALUE} flags. */
    public static List<String> buildArgFlags() {
        List<String> flags = new java.util.ArrayList<>();
        buildArgs().forEach((k, v) -> flags.addAll(List.of("--build-arg", k + "=" + v)));
        return flags;
    }

    public static Map<String, String> buildArgs() {
        Map<String, String> args = BuildArgs.resolve(System.getenv(BuildArgs.ENV), List.of());
        if (!args.containsKey("BASE_IMAGE")) {
            args.put("BASE_IMAGE", "arena-base:bookworm");
        }
        return args;
    }

    public static String baseImage() {
        return buildArgs().get("BASE_IMAGE");
    }

    public static EvalSettings settings(String agent, Duration taskTimeout) {
        return EvalSettings.builder().agent(agent).taskTimeout(taskTimeout).memoryBytes(1L << 30).cpus(1.0)
                .buildArgs(buildArgs()).build();
    }
}
