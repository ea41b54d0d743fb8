package dev.arena.cli;

import dev.arena.ExitCode;
import dev.arena.config.BuildArgs;
import dev.arena.dataset.Dataset;
import dev.arena.dataset.Problem;
import dev.arena.eval.EvalSettings;
import dev.arena.run.ValidationService;
import dev.arena.sandbox.DockerSandboxProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check datasets and print every problem found.", "Exits 1 if there is any."})
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "1..*", description = "A dataset folder, or a folder of datasets.")
    List<Path> dirs;

    @Option(names = "--with-oracle", description = "Also run the oracle and the null agent on every task in Docker: the gold diff must apply and pass,"
            + " and the tests must fail without any change.")
    boolean withOracle;

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE", description = "Build argument for dataset images (with --with-oracle).")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--build-timeout", paramLabel = "DURATION",
            description = "Time limit for building a dataset's image (with --with-oracle; default: 30m).")
    String buildTimeout;

    @Override
    public Integer call() throws Exception {
        List<Dataset> datasets = ValidationService.datasetsIn(dirs);
        List<Problem> problems = new ArrayList<>(ValidationService.validate(datasets));
        if (withOracle) {
            EvalSettings settings = EvalSettings.builder().agent("oracle")
                    .buildArgs(BuildArgs.resolve(System.getenv(BuildArgs.ENV), buildArgs))
                    .buildTimeout(EvalOptions.buildTimeout(buildTimeout)).build();
            problems.addAll(ValidationService.oracle(DockerSandboxProvider::connect, datasets, problems, settings, System.err::println));
        }
        problems.forEach(System.out::println);
        int tasks = datasets.stream().mapToInt(d -> d.tasks().size()).sum();
        System.err.printf("%d dataset(s), %d task(s): %s%n", datasets.size(), tasks,
                problems.isEmpty() ? "no problems" : problems.size() + " problem(s)");
        return problems.isEmpty() ? ExitCode.OK.code() : ExitCode.PROBLEMS.code();
    }
}
