package dev.arena.agent.llm;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A run's account of what its model calls cost, against the run's cap ({@code --max-cost}): one
 * per run in the process, shared by every attempt's {@link UsageMeter}, which adds each priced
 * call as it is recorded. Once the spend reached the cap every meter refuses its next call and no
 * new attempt starts. Thread-safe. An account without a cap keeps nothing and is never spent.
 */
public final class RunSpend {
    /** No cap: nothing is counted, nothing refused. */
    public static final RunSpend NONE = new RunSpend(null, 0);

    private final Double capUsd;
    private double spentUsd;

    /**
     * @param capUsd          the run's cap in USD, or null for none
     * @param alreadySpentUsd what the run's stored results cost before this process took it on (a resume)
     */
    public RunSpend(Double capUsd, double alreadySpentUsd) {
        if (capUsd != null) {
            checkCap(capUsd);
        }
        this.capUsd = capUsd;
        this.spentUsd = capUsd == null ? 0 : alreadySpentUsd;
    }

    /** Refuses a cap that is not a finite number above 0 (a run.json from a stranger included). */
    public static void checkCap(double capUsd) {
        if (!(capUsd > 0) || Double.isInfinite(capUsd)) {
            throw new IllegalArgumentException("a run's cost cap must be a number of USD above 0, not " + capUsd);
        }
    }

    public Double capUsd() {
        return capUsd;
    }

    public boolean capped() {
        return capUsd != null;
    }

    public synchronized void add(double usd) {
        if (capUsd != null) {
            spentUsd += usd;
        }
    }

    public synchronized double spentUsd() {
        return spentUsd;
    }

    /** True once the spend reached the cap. */
    public synchronized boolean spent() {
        return capUsd != null && spentUsd >= capUsd;
    }

    /** Why a call is refused, e.g. "the run's budget of $5 is spent ($5.0123 used)"; null while there is room. */
    public synchronized String refusal() {
        return spent() ? "the run's budget of $" + usd(capUsd) + " is spent ($" + usd(spentUsd) + " used)" : null;
    }

    /** USD for people: at most four decimals, no trailing zeros ({@code 0.001}, {@code 5}, {@code 0.0028}). */
    public static String usd(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
