package dev.arena.gateway;

import dev.arena.agent.llm.TokenUsage;
import dev.arena.result.AgentUsage;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One attempt's right to call a model through the gateway: the random token and base URL the
 * sandbox is given, the upstream its calls go to, its budget, and what its calls spent so far.
 * Closing it revokes the token; what it recorded stays readable for the attempt's result.
 */
public final class GatewayGrant implements AutoCloseable {
    private final String attemptId;
    private final String token;
    private final URI baseUrl;
    private final Upstream upstream;
    private final Budget budget;
    private final CallLog log;
    private final ModelGateway gateway;

    private TokenUsage usage = TokenUsage.ZERO;
    private double cost;
    private boolean unpricedCall;
    private int calls;
    private boolean budgetExceeded;
    private String upstreamError;

    GatewayGrant(String attemptId, String token, URI baseUrl, Upstream upstream, Budget budget, Path modelCalls, ModelGateway gateway) {
        this.attemptId = attemptId;
        this.token = token;
        this.baseUrl = baseUrl;
        this.upstream = upstream;
        this.budget = budget;
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
        return budget;
    }

    /** The attempt's {@code model_calls.jsonl}. */
    public Path modelCalls() {
        return log.file();
    }

    public synchronized TokenUsage usage() {
        return usage;
    }

    /** USD so far, or null when a call's model has no price in the catalog. */
    public synchronized Double costUsd() {
        return unpricedCall ? null : cost;
    }

    public synchronized int calls() {
        return calls;
    }

    /** The result.json view, as the gladiator's meter gives it: calls as iterations, every prompt token as input. */
    public synchronized AgentUsage agentUsage() {
        return new AgentUsage(calls, usage.promptTokens(), usage.output(), costUsd());
    }

    /** True once a call was refused because the budget was spent: the attempt stops with {@code stop_reason: budget}. */
    public synchronized boolean budgetExceeded() {
        return budgetExceeded;
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

    /** The message that refuses a call because the budget is spent (and records that), or null when there is budget left. */
    synchronized String budgetRefusal() {
        long tokens = usage.promptTokens() + usage.output();
        String spent = null;
        if (budget.maxTokens() != null && tokens >= budget.maxTokens()) {
            spent = budget.maxTokens() + " tokens is spent (" + tokens + " used)";
        } else if (budget.maxCostUsd() != null && !unpricedCall && cost >= budget.maxCostUsd()) {
            spent = String.format(Locale.ROOT, "$%.4f is spent ($%.4f used)", budget.maxCostUsd(), cost);
        }
        if (spent == null) {
            return null;
        }
        budgetExceeded = true;
        return "arena: the attempt's budget of " + spent + "; no further model calls are allowed";
    }

    synchronized void record(TokenUsage call, Double callCost) {
        usage = usage.plus(call);
        if (callCost == null) {
            unpricedCall = true;
        } else {
            cost += callCost;
        }
        calls++;
    }

    synchronized void recordUpstreamError(String message) {
        upstreamError = message;
    }
}
