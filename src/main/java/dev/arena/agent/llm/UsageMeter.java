package dev.arena.agent.llm;

import dev.arena.result.AgentUsage;

import java.util.Locale;
import java.util.Optional;

/**
 * One attempt's account of its model calls, the same for the gladiator's loop and a CLI agent's
 * gateway grant: sums each call's tokens and its cost, priced per call (so a tier above a prompt
 * size is charged for exactly the calls past it; after one unpriced call the cost is unknown,
 * null, for good), adds each priced call to the run's {@link RunSpend} as it is recorded, gives
 * the result.json view, and says before a call whether the attempt's {@link Budget} or the run's
 * cap is spent. Thread-safe: a grant's calls arrive on the gateway's threads.
 */
public final class UsageMeter {
    private final ModelCatalog.Prices prices;
    private final Budget budget;
    private final RunSpend run;
    private TokenUsage total = TokenUsage.ZERO;
    private double cost;
    private boolean unpriced;
    private int calls;
    private boolean budgetExceeded;

    /** Every call priced at {@code prices} (none: unpriced), without caps. */
    public UsageMeter(Optional<ModelCatalog.Prices> prices) {
        this(prices, Budget.NONE, RunSpend.NONE);
    }

    /**
     * @param prices what {@link #add} prices a call at; empty when the caller prices each call
     *               itself ({@link #record}) or the model has no price
     */
    public UsageMeter(Optional<ModelCatalog.Prices> prices, Budget budget, RunSpend run) {
        this.prices = prices.orElse(null);
        this.budget = budget == null ? Budget.NONE : budget;
        this.run = run == null ? RunSpend.NONE : run;
    }

    /** Records a call priced at this meter's prices. */
    public void add(TokenUsage usage) {
        record(usage, prices == null ? null : prices.cost(usage));
    }

    /** Records a call and its cost in USD, null when its model has no price. */
    public synchronized void record(TokenUsage usage, Double callCost) {
        total = total.plus(usage);
        if (callCost == null) {
            unpriced = true;
        } else {
            cost += callCost;
            run.add(callCost);
        }
        calls++;
    }

    public Budget budget() {
        return budget;
    }

    /** True when a cost cap (the attempt's or the run's) is in force, so an unpriced call cannot be allowed. */
    public boolean capsCost() {
        return budget.maxCostUsd() != null || run.capped();
    }

    /** Whose cost cap an unpriced call would break, for the message that refuses it. */
    public String costCapOwner() {
        return budget.maxCostUsd() != null ? "the attempt's cost budget" : "the run's cost budget (--max-cost)";
    }

    public synchronized TokenUsage total() {
        return total;
    }

    /** USD so far, or null once a call had no known price. */
    public synchronized Double costUsd() {
        return unpriced ? null : cost;
    }

    public synchronized int calls() {
        return calls;
    }

    /** The result.json view: model calls as iterations, every prompt token as input. */
    public synchronized AgentUsage usage() {
        return new AgentUsage(calls, total.promptTokens(), total.output(), costUsd());
    }

    /**
     * Asked before each call: the message that refuses it because the attempt's budget or the
     * run's is spent (and from then on {@link #budgetExceeded()}), or null when there is room.
     */
    public synchronized String budgetRefusal() {
        long tokens = total.promptTokens() + total.output();
        String spent = null;
        if (budget.maxTokens() != null && tokens >= budget.maxTokens()) {
            spent = "the attempt's budget of " + budget.maxTokens() + " tokens is spent (" + tokens + " used)";
        } else if (budget.maxCostUsd() != null && !unpriced && cost >= budget.maxCostUsd()) {
            spent = String.format(Locale.ROOT, "the attempt's budget of $%.4f is spent ($%.4f used)", budget.maxCostUsd(), cost);
        } else {
            spent = run.refusal();
        }
        if (spent == null) {
            return null;
        }
        budgetExceeded = true;
        return "arena: " + spent + "; no further model calls are allowed";
    }

    /** True once a call was refused because a budget was spent: the attempt stops with {@code stop_reason: budget}. */
    public synchronized boolean budgetExceeded() {
        return budgetExceeded;
    }
}
