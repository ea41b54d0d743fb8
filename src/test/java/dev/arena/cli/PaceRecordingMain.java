package dev.arena.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.arena.Json;
import dev.arena.agent.llm.Provider;
import dev.arena.agent.llm.ProviderPace;
import dev.arena.agent.llm.ProviderPaces;

import java.nio.file.Path;
import java.util.Locale;

/**
 * arena's {@link Main}, which then writes the levels one provider's shared {@link ProviderPace}
 * recorded in this process (the one limiter every task of the run used) as a JSON array of
 * {@code {time, level}} to {@code $ARENA_TEST_PACE_FILE}; {@code $ARENA_TEST_PACE} names the pace:
 * {@code PROVIDER BASE_URL}. For {@link dev.arena.testing.ArenaProcess}.
 */
public final class PaceRecordingMain {
    private PaceRecordingMain() {
    }

    public static void main(String[] args) throws Exception {
        int code = Main.commandLine().execute(args);
        String[] pace = System.getenv("ARENA_TEST_PACE").split(" ", 2);
        ArrayNode levels = Json.mapper().createArrayNode();
        for (ProviderPace.Level level : ProviderPaces.shared().pace(Provider.valueOf(pace[0].toUpperCase(Locale.ROOT)), pace[1]).levels()) {
            levels.addObject().put("time", level.time().toString()).put("level", level.level());
        }
        Json.mapper().writeValue(Path.of(System.getenv("ARENA_TEST_PACE_FILE")).toFile(), levels);
        System.exit(code);
    }
}
