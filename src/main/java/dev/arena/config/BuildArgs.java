package dev.arena.config;

import dev.arena.ArenaException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Image build arguments from {@code ARENA_BUILD_ARGS} (for example {@code BASE_IMAGE=arena-base:bookworm},
 * several separated by commas or spaces) overridden by {@code --build-arg KEY=VALUE} flags.
 */
public final class BuildArgs {
    public static final String ENV = "ARENA_BUILD_ARGS";

    private BuildArgs() {
    }

    public static Map<String, String> resolve(String fromEnv, List<String> fromFlags) {
        Map<String, String> args = new LinkedHashMap<>();
        if (fromEnv != null && !fromEnv.isBlank()) {
            for (String pair : fromEnv.strip().split("[,\\s]+")) {
                put(args, pair, ENV);
            }
        }
        for (String pair : fromFlags) {
            put(args, pair, "--build-arg");
        }
        return args;
    }

    private static void put(Map<String, String> args, String pair, String source) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw ArenaException.usage("invalid build argument '" + pair + "' in " + source + ": use KEY=VALUE");
        }
        args.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
}
