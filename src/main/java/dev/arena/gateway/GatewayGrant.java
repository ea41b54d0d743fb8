package dev.arena.gateway;

import dev.arena.agent.llm.Budget;
import dev.arena.agent.llm.RunSpend;
import dev.arena.agent.llm.TokenUsage;
import dev.arena.agent.llm.UsageMeter;
import dev.arena.result.AgentUsage;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One attempt's right to call a model through the gateway: the random token and base URL the
 * sandbox is given, the upstream its calls go to, and its {@link UsageMeter} (what its calls spent
 * so far, against its budget and the run's). Closing it revokes the token; what it recorded stays
 * readable for the attempt's result.
 */
public final class GatewayGrant implements AutoCloseable {
    private final String attemptId;
    private final String token;
    private final URI baseUrl;
    private final Upstream upstream;
    private final UsageMeter meter;
    private final CallLog log;
    private final ModelGateway gateway;

    private String upstreamError;
    private final AtomicInteger requests = new AtomicInteger();

    /** @param run the run's account each priced call is added to (its cap refuses calls too) */
    GatewayGrant(String attemptId, String token, URI baseUrl, Upstream upstream, Budget budget, RunSpend run, Path modelCalls,
                 ModelGateway gateway) {
        this.attemptId = attemptId;
        this.token = token;
        this.baseUrl = baseUrl;
        this.upstream = upstream;
        // priced per call by GatewayCall: the model is the one each request names
        this.meter = new UsageMeter(Optional.empty(), budget, run);
        this.log = new CallLog(modelCalls, List.of(upstream.key(), token));
        this.gateway = gateway;
    }

    public String attemptId() {
        return attemptId;
    }

    /** The secret the sandbox sends as its API key (x-api-key or Authorization: Bearer). */
    public String token() {
        return token;
    }

    /**
     * The base URL the sandbox's client is given, in the upstream provider's convention: without
     * {@code /v1} for Anthropic (its clients add {@code /v1/messages}), with it for the OpenAI-compatible ones.
     */
    public URI baseUrl() {
        return baseUrl;
    }

    public Budget budget() {
        return meter.budget();
    }

    /** The attempt's {@code model_calls.jsonl}. */
    public Path modelCalls() {
        return log.file();
    }

    public TokenUsage usage() {
        return meter.total();
    }

    /** USD so far, or null when a call's model has no price in the catalog. */
    public Double costUsd() {
        return meter.costUsd();
    }

    /** The calls answered with success and metered. */
    public int calls() {
        return meter.calls();
    }

    /** Every request the token was presented with: answered, refused by the gateway or failed upstream. */
    public int requests() {
        return requests.get();
    }

    void received() {
        requests.incrementAndGet();
    }

    /** The result.json view, as the gladiator's meter gives it: calls as iterations, every prompt token as input. */
    public AgentUsage agentUsage() {
        return meter.usage();
    }

    /** True once a call was refused because the budget (the attempt's or the run's) was spent: the attempt stops with {@code stop_reason: budget}. */
    public boolean budgetExceeded() {
        return meter.budgetExceeded();
    }

    /** The last failure to reach the upstream (the attempt's error kind {@code model_api}), if any. */
    public synchronized Optional<String> upstreamError() {
        return Optional.ofNullable(upstreamError);
    }

    @Override
    public void close() {
        gateway.revoke(this);
    }

    Upstream upstream() {
        return upstream;
    }

    CallLog log() {
        return log;
    }

    UsageMeter meter() {
        return meter;
    }

    synchronized void recordUpstreamError(String message) {
        upstreamError = message;
    }
}
