package dev.arena.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.ArenaException;
import dev.arena.Json;
import dev.arena.agent.Agent;
import dev.arena.agent.AgentContext;
import dev.arena.agent.AgentSettings;
import dev.arena.agent.llm.ModelEndpoint;
import dev.arena.agent.llm.ModelRef;
import dev.arena.agent.llm.Budget;
import dev.arena.gateway.GatewayGrant;
import dev.arena.gateway.ModelGateway;
import dev.arena.gateway.ModelGateways;
import dev.arena.gateway.Upstream;
import dev.arena.result.AgentUsage;
import dev.arena.result.ErrorKind;
import dev.arena.result.EvaluationException;
import dev.arena.sandbox.ExecResult;
import dev.arena.sandbox.Sandbox;
import dev.arena.sandbox.SandboxException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A coding-agent CLI (Claude Code or Codex, {@link CliFlavor}) run inside the sandbox. Per attempt:
 * its native executable is copied in, a gateway grant is opened whose upstream is the real
 * provider, and the CLI runs in {@code /app} with the task's prompt and nothing in its environment
 * but PATH, a writable HOME, the gateway's URL, the grant's token and its own switches. The real key
 * stays in this process (in the {@link Upstream}); what the CLI changed is graded as for any agent.
 */
public final class CliAgent implements Agent {
    static final String ROOT = "/arena-agent";
    static final String HOME = ROOT + "/home";
    static final String EVENTS = ROOT + "/events.jsonl";
    static final String STDERR = ROOT + "/stderr.txt";
    static final String PROMPT = ROOT + "/prompt.txt";
    static final String SCRIPT = ROOT + "/run.sh";
    /** As the gladiator's: time kept for the tests, at most a quarter of what is left. */
    private static final Duration GRADING_RESERVE = Duration.ofMinutes(5);
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(2);
    private static final String PROMPT_MARKER = "\u0000prompt\u0000";

    private final CliFlavor flavor;
    private final String version;
    private final ModelRef model;
    private final Upstream upstream;
    private final Budget budget;
    private final CliExecutables executables;
    private final Function<InetAddress, ModelGateway> gateways;

    CliAgent(CliFlavor flavor, String version, ModelRef model, Upstream upstream, Budget budget,
             CliExecutables executables, Function<InetAddress, ModelGateway> gateways) {
        this.flavor = flavor;
        this.version = version == null || version.isBlank() ? flavor.agentPackage().defaultVersion() : version;
        this.model = model;
        this.upstream = upstream;
        this.budget = budget == null ? Budget.NONE : budget;
        this.executables = executables;
        this.gateways = gateways;
    }

    /**
     * The CLI called {@code name} ({@code claude-code} or {@code codex}) at {@code version} (null:
     * its pinned default), its key from {@code env}.
     *
     * @param tarballs where its package tarballs come from; null: the npm registry {@code env} names
     */
    public static CliAgent named(String name, String version, AgentSettings settings, TarballSource tarballs,
                                 Map<String, String> env) {
        CliFlavor flavor = switch (AgentPackages.named(name).name()) {
            case "claude-code" -> new ClaudeCodeCli();
            default -> new CodexCli();
        };
        return fromSettings(flavor, version, settings, env, tarballs != null ? tarballs : NpmFetcher.fromEnvironment(env));
    }

    /** The pinned version of the CLI named {@code name}, or null when no CLI has that name. */
    public static String defaultVersion(String name) {
        return AgentPackages.ALL.stream().filter(p -> p.name().equals(name)).map(AgentPackage::defaultVersion)
                .findFirst().orElse(null);
    }

    /**
     * The agent for a run; checks now what would fail every attempt: settings the CLI cannot take,
     * a model of another provider, a missing key, an unknown version (asked of the npm registry,
     * once per process).
     */
    static CliAgent fromSettings(CliFlavor flavor, String version, AgentSettings settings, Map<String, String> env) {
        return fromSettings(flavor, version, settings, env, NpmFetcher.fromEnvironment(env));
    }

    private static CliAgent fromSettings(CliFlavor flavor, String version, AgentSettings settings, Map<String, String> env,
                                         TarballSource tarballs) {
        String name = flavor.agentPackage().name();
        if (!settings.modelSettings().isEmpty() || settings.systemPrompt() != null) {
            throw ArenaException.usage("--temperature, --max-output-tokens, --reasoning-effort and --system-prompt-file"
                    + " are for the gladiator agent; " + name + " uses its own");
        }
        String prefix = flavor.provider().prefix() + "/";
        if (settings.model() == null || settings.model().isBlank()) {
            throw ArenaException.usage(name + " needs --model " + prefix + "MODEL");
        }
        ModelRef model = ModelRef.parse(settings.model());
        if (model.provider() != flavor.provider()) {
            throw ArenaException.usage(name + " speaks the " + flavor.provider().prefix() + " API only; give --model "
                    + prefix + "MODEL, not " + settings.model());
        }
        ModelEndpoint endpoint = ModelEndpoint.resolve(model, settings.modelBaseUrl(), env::get);
        Upstream upstream = new Upstream(model.provider(), URI.create(endpoint.baseUrl()), endpoint.apiKey());
        CliExecutables executables = new CliExecutables(tarballs);
        CliAgent agent = new CliAgent(flavor, version, model, upstream, settings.budget(), executables, ModelGateways::at);
        agent.checkVersion();
        return agent;
    }

    /** Fails with the source's one line when it has no such version (the registry) or none pinned (the bucket). */
    void checkVersion() {
        executables.tarballs().check(flavor.agentPackage().coordinates(version, Libc.GLIBC));
    }

    @Override
    public String name() {
        return flavor.agentPackage().name();
    }

    public String version() {
        return version;
    }

    /** What one attempt may spend at the gateway. */
    public Budget budget() {
        return budget;
    }

    @Override
    public AgentUsage solve(AgentContext context) throws EvaluationException, InterruptedException {
        Sandbox sandbox = context.sandbox();
        Duration reserve = min(GRADING_RESERVE, context.remaining().dividedBy(4));
        Instant stopAt = context.deadline().minus(reserve);
        String executable = install(sandbox);
        InetAddress where;
        try {
            where = sandbox.networkGateway();
        } catch (SandboxException e) {
            throw new EvaluationException(ErrorKind.AGENT, name() + " calls its model through arena's gateway, so its sandbox"
                    + " needs a network (not --network none): " + e.getMessage());
        }
        Path calls = tempFile();
        String prompt = context.description().prompt();
        String stopReason = null;
        String error = null;
        List<JsonNode> events = List.of();
        GatewayGrant grant = gateways.apply(where).open(context.task().id(), upstream, budget, calls, context.runSpend());
        try {
            context.openPort().accept(grant.baseUrl().getPort()); // on a network of its own, the gateway is all it reaches
            sandbox.writeFile(PROMPT, prompt.getBytes(StandardCharsets.UTF_8));
            sandbox.writeFile(SCRIPT, script(executable, grant).getBytes(StandardCharsets.UTF_8));
            context.log().accept(name() + " " + version + ": running with " + model.name() + " through the gateway at " + grant.baseUrl());
            ExecResult run = sandbox.exec("sh " + SCRIPT, positive(Duration.between(Instant.now(), stopAt)));
            events = events(sandbox);
            String summary = name() + ": " + (run.timedOut() ? "stopped at the attempt's time limit" : "exited " + run.exitCode())
                    + " after " + grant.requests() + " model request(s), " + grant.calls() + " answered, " + grant.usage().promptTokens() + " input and "
                    + grant.usage().output() + " output tokens";
            context.log().accept(summary);
            if (!run.timedOut() && run.exitCode() != 0) {
                context.log().accept(name() + " stderr (tail): " + tail(sandbox));
            }
            if (grant.budgetExceeded()) {
                stopReason = "budget";
            } else if (grant.upstreamError().isPresent()) {
                stopReason = "model_error";
                error = "the model API failed for " + name() + ": " + grant.upstreamError().get();
                throw new EvaluationException(ErrorKind.MODEL_API, error).withUsage(grant.agentUsage());
            } else if (run.timedOut()) {
                stopReason = "time_limit";
            } else {
                stopReason = run.exitCode() == 0 ? "answered" : "cli_error";
            }
            return grant.agentUsage();
        } catch (RuntimeException e) {
            error = e.toString();
            throw e;
        } finally {
            grant.close();
            context.saveFile().accept("trajectory.json", CliTrajectory.toJson(name(), model.name(), prompt, stopReason, error,
                    flavor.steps(events), grant.usage(), grant.costUsd()));
            context.saveFile().accept("model_calls.jsonl", readAndDelete(calls));
        }
    }

    /** Copies the executable into the sandbox (mode 755) and makes the CLI's HOME; returns its path there. */
    private String install(Sandbox sandbox) throws InterruptedException, EvaluationException {
        ExecResult probe = sandbox.exec("ls -1 /lib /lib64 2>/dev/null; ldd --version 2>&1; true", SETUP_TIMEOUT);
        Libc libc = Libc.detect(Arrays.asList(probe.stdout().split("\n")), probe.stdout() + probe.stderr());
        Path local;
        try {
            local = executables.get(flavor.agentPackage(), version, libc);
        } catch (ArenaException e) {
            // a tarball that fails its hash, a build missing for this image: the CLI never runs
            throw new EvaluationException(e.exitCode() == dev.arena.ExitCode.USAGE ? ErrorKind.AGENT : ErrorKind.INFRA, e.getMessage());
        }
        String target = ROOT + "/bin/" + local.getFileName();
        ExecResult dirs = sandbox.exec("mkdir -p " + ROOT + "/bin " + HOME, SETUP_TIMEOUT);
        if (!dirs.ok()) {
            throw new EvaluationException(ErrorKind.AGENT, "cannot make " + ROOT + " in the sandbox: " + dirs.output().strip());
        }
        sandbox.copyIn(local, target);
        ExecResult chmod = sandbox.exec("chmod 755 " + target, SETUP_TIMEOUT);
        if (!chmod.ok()) {
            throw new EvaluationException(ErrorKind.AGENT, "cannot make " + target + " executable: " + chmod.output().strip());
        }
        return target;
    }

    /**
     * The launcher: {@code env -i} so the CLI sees only what is listed (the image's PATH kept), the
     * prompt read from its file, the event stream and stderr into files (the exec's own output is bounded).
     */
    String script(String executable, GatewayGrant grant) {
        List<String> words = new ArrayList<>();
        words.add("PATH=\"$PATH\"");
        words.add(quote("HOME=" + HOME));
        flavor.environment(grant.baseUrl(), grant.token()).forEach((k, v) -> words.add(quote(k + "=" + v)));
        words.add(quote(executable));
        for (String arg : flavor.arguments(grant.baseUrl(), model.id(), PROMPT_MARKER)) {
            words.add(arg.equals(PROMPT_MARKER) ? "\"$(cat " + PROMPT + ")\"" : quote(arg));
        }
        return "cd " + Sandbox.WORKDIR + " || exit 1\n"
                + "exec env -i " + String.join(" ", words) + " </dev/null >" + EVENTS + " 2>" + STDERR + "\n";
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The CLI's event stream, one JSON object per line; lines that are not JSON (or a missing file) are skipped. */
    private static List<JsonNode> events(Sandbox sandbox) {
        String text;
        try {
            text = new String(sandbox.readFile(EVENTS), StandardCharsets.UTF_8);
        } catch (SandboxException e) {
            return List.of();
        }
        List<JsonNode> events = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = Json.mapper().readTree(line);
                if (node != null && node.isObject()) {
                    events.add(node);
                }
            } catch (IOException e) {
                // a line cut by the kill at the deadline, or the CLI's own plain-text output
            }
        }
        return events;
    }

    private static String tail(Sandbox sandbox) {
        try {
            String err = new String(sandbox.readFile(STDERR), StandardCharsets.UTF_8).strip();
            String last = err.lines().skip(Math.max(0, err.lines().count() - 5)).collect(Collectors.joining(" | "));
            return last.length() > 1000 ? last.substring(last.length() - 1000) : last;
        } catch (SandboxException e) {
            return "(none)";
        }
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("arena-model-calls-", ".jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAndDelete(Path file) {
        try {
            byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            Files.deleteIfExists(file);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Duration positive(Duration d) {
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
