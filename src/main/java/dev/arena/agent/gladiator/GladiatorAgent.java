package dev.arena.agent.gladiator;

import dev.arena.agent.Agent;
import dev.arena.agent.AgentContext;
import dev.arena.agent.AgentSettings;
import dev.arena.agent.llm.Budget;
import dev.arena.agent.llm.HttpTransport;
import dev.arena.agent.llm.ModelCatalog;
import dev.arena.agent.llm.ModelClient;
import dev.arena.agent.llm.ModelEndpoint;
import dev.arena.agent.llm.ModelReply;
import dev.arena.agent.llm.ModelRef;
import dev.arena.agent.llm.ModelRequest;
import dev.arena.agent.llm.ReasoningEffort;
import dev.arena.agent.llm.Provider;
import dev.arena.agent.llm.VertexAi;
import dev.arena.config.Settings;
import dev.arena.agent.llm.RetryPolicy;
import dev.arena.agent.llm.Sampling;
import dev.arena.Sleeper;
import dev.arena.agent.llm.Turn;
import dev.arena.agent.llm.UsageMeter;
import dev.arena.result.AgentUsage;
import dev.arena.result.EvaluationException;
import dev.arena.result.ModelSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An LLM coding agent: asks the model, carries out the tool calls it makes in the sandbox, and
 * repeats until the model answers without tools, the iteration limit, the attempt's time (less a
 * reserve for grading), or a spent budget (the attempt's or the run's, checked before each call).
 * The loop runs in the JVM; only tool commands enter the container.
 */
public final class GladiatorAgent implements Agent {
    public static final String NAME = "gladiator";
    private static final String TRAJECTORY = "trajectory.json";

    private final ModelRef model;
    private final ModelClient client;
    private final ModelCatalog catalog;
    private final GladiatorConfig config;
    private final Sampling sampling;
    private final String systemPrompt;
    private final Budget budget;

    public GladiatorAgent(ModelRef model, ModelClient client, ModelCatalog catalog, GladiatorConfig config) {
        this(model, client, catalog, config, Sampling.NONE, Prompts.SYSTEM);
    }

    /**
     * @param sampling     the operator's model settings, sent with every call
     * @param systemPrompt the system prompt of every call
     */
    public GladiatorAgent(ModelRef model, ModelClient client, ModelCatalog catalog, GladiatorConfig config,
                          Sampling sampling, String systemPrompt) {
        this(model, client, catalog, config, sampling, systemPrompt, Budget.NONE);
    }

    /** @param budget what one attempt may spend (--max-tokens-per-task, --max-cost-per-task) */
    public GladiatorAgent(ModelRef model, ModelClient client, ModelCatalog catalog, GladiatorConfig config,
                          Sampling sampling, String systemPrompt, Budget budget) {
        this.model = model;
        this.client = client;
        this.catalog = catalog;
        this.config = config;
        this.sampling = sampling;
        this.systemPrompt = systemPrompt;
        this.budget = budget == null ? Budget.NONE : budget;
    }

    /**
     * The agent for a run: resolves model, address and key (or Google credentials) and checks the
     * model settings against the model's API now, so a missing one or an impossible setting stops
     * the run before it starts.
     */
    public static GladiatorAgent fromSettings(AgentSettings settings) {
        ModelRef model = ModelRef.parse(settings.model());
        ModelSettings wanted = settings.modelSettings();
        Sampling sampling = new Sampling(wanted.temperature(), wanted.maxOutputTokens(), ReasoningEffort.parse(wanted.reasoningEffort()));
        ModelClient.check(model, sampling);
        GladiatorConfig config = GladiatorConfig.DEFAULT;
        HttpTransport transport = new HttpTransport(RetryPolicy.DEFAULT, Sleeper.REAL, config.callTimeout());
        ModelClient client = model.provider() == Provider.VERTEX_AI
                ? VertexAi.client(model, settings.modelBaseUrl(), settings.vertexLocation(), Settings.load(), transport)
                : ModelClient.of(ModelEndpoint.resolve(model, settings.modelBaseUrl(), System::getenv), transport);
        ModelCatalog catalog = ModelCatalog.load();
        if (settings.budget().maxCostUsd() != null && catalog.prices(model).isEmpty()) {
            throw dev.arena.ArenaException.usage("--max-cost-per-task needs a priced model: " + model.name()
                    + " has no price in the model catalog, so its cost cannot be counted");
        }
        return new GladiatorAgent(model, client, catalog, config, sampling,
                settings.systemPrompt() != null ? settings.systemPrompt() : Prompts.SYSTEM, settings.budget());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AgentUsage solve(AgentContext context) throws EvaluationException, InterruptedException {
        Duration reserve = min(config.gradingReserve(), context.remaining().dividedBy(4));
        Instant stopAt = context.deadline().minus(reserve);
        ToolBox tools = new ToolBox(new Workspace(context.sandbox(), config, stopAt));
        String prompt = Prompts.task(context.description());
        int fixedChars = systemPrompt.length() + tools.specs().stream().mapToInt(s -> s.description().length() + s.parameters().toString().length()).sum();
        // room for the answer: the operator's cap, else the default plus any thinking (Anthropic adds its budget)
        int outputCap = sampling.maxOutputTokens() != null ? sampling.maxOutputTokens() : config.maxOutputTokens()
                + (sampling.reasoningEffort() != null ? sampling.reasoningEffort().anthropicBudget() : 0);
        long budget = (long) ((catalog.contextWindow(model) - outputCap) * 0.9);
        Conversation conversation = new Conversation(prompt, budget, fixedChars);
        Trajectory trajectory = new Trajectory(NAME, model.name(), systemPrompt, prompt);
        UsageMeter meter = new UsageMeter(catalog.prices(model), this.budget, context.runSpend());
        try {
            StopReason stop = loop(context, stopAt, tools, conversation, trajectory, meter);
            trajectory.end(stop, null);
            context.log().accept("gladiator: stopped (" + stop.json() + ") after " + meter.usage().iterations() + " model call(s), "
                    + meter.total().promptTokens() + " input and " + meter.total().output() + " output tokens"
                    + (conversation.dropped() > 0 ? ", " + conversation.dropped() + " old exchange(s) dropped for context" : ""));
            return meter.usage();
        } catch (EvaluationException e) {
            trajectory.end(StopReason.MODEL_ERROR, e.getMessage());
            throw e.withUsage(meter.usage());
        } catch (RuntimeException e) {
            trajectory.end(null, e.toString());
            throw e;
        } finally {
            context.saveFile().accept(TRAJECTORY, trajectory.toJson(meter.total(), meter.costUsd(), conversation.dropped()));
        }
    }

    private StopReason loop(AgentContext context, Instant stopAt, ToolBox tools, Conversation conversation,
                            Trajectory trajectory, UsageMeter meter) throws EvaluationException, InterruptedException {
        for (int iteration = 1; ; iteration++) {
            if (iteration > context.maxIterations()) {
                return StopReason.MAX_ITERATIONS;
            }
            if (!Instant.now().isBefore(stopAt)) {
                return StopReason.TIME_LIMIT;
            }
            if (!conversation.fit()) {
                return StopReason.CONTEXT_EXHAUSTED;
            }
            String refusal = meter.budgetRefusal();
            if (refusal != null) {
                context.log().accept("gladiator: " + refusal.substring("arena: ".length()));
                return StopReason.BUDGET;
            }
            Instant started = Instant.now();
            ModelReply reply;
            try {
                reply = client.complete(new ModelRequest(systemPrompt, conversation.turns(), tools.specs(), config.maxOutputTokens(), sampling), stopAt);
            } catch (EvaluationException e) {
                if (!Instant.now().isBefore(stopAt)) {
                    return StopReason.TIME_LIMIT; // the call was cut by our own deadline, not the API's fault
                }
                throw e;
            }
            meter.add(reply.usage());
            conversation.calibrate(reply.usage().promptTokens());
            List<Trajectory.Call> calls = trajectory.step(started, seconds(started), reply);
            if (reply.toolCalls().isEmpty()) {
                return StopReason.ANSWERED;
            }
            List<Turn.ToolResult> results = new ArrayList<>();
            for (Turn.ToolCall call : reply.toolCalls()) {
                Instant callStarted = Instant.now();
                Turn.ToolResult result = tools.run(call);
                results.add(result);
                trajectory.call(calls, call, result, seconds(callStarted));
            }
            conversation.add(reply.asTurn(), new Turn.ToolResults(results));
        }
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
