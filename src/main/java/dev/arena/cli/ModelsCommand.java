package dev.arena.cli;

import dev.arena.ArenaException;
import dev.arena.Json;
import dev.arena.agent.llm.CatalogUpdate;
import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.ModelListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "models", mixinStandardHelpOptions = true, description = "List the models arena knows, with prices and context windows.",
        footer = {"", "Prices are USD per million tokens (input, output, cache read, cache write), from LiteLLM's price file;"
                + " a model marked RETIRED is past its vendor's retirement date. `arena models update` refreshes your copy."},
        subcommands = ModelsCommand.Update.class)
final class ModelsCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "PATTERN", description = "Only models whose name contains PATTERN (* matches anything).")
    String pattern;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelListing listing = ModelListing.of(ModelCatalog.load(), pattern, LocalDate.now());
        if (json) {
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(listing.json()));
            return 0;
        }
        if (listing.isEmpty()) {
            throw ArenaException.usage("no model in the catalog matches '" + pattern + "' (`arena models` lists them all)");
        }
        listing.lines().forEach(System.out::println);
        return 0;
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Refresh your model catalog (in the settings folder) from LiteLLM's published price file and say what changed.")
    static final class Update implements Callable<Integer> {
        @Option(names = "--from", paramLabel = "FILE|URL", defaultValue = CatalogUpdate.DEFAULT_URL,
                description = "LiteLLM's model_prices_and_context_window.json, as a file or an http(s) URL (default: ${DEFAULT-VALUE}).")
        String from;

        @Override
        public Integer call() {
            CatalogUpdate.run(from, ModelCatalog.userFile(System.getenv()), ModelCatalog.load()).lines().forEach(System.out::println);
            return 0;
        }
    }
}
