package dev.arena.report;

/**
 * A pass rate with its 95% Wilson score interval. Wilson rather than the normal approximation
 * because it stays inside [0, 1] and stays honest at 0 of n and n of n, which small task sets hit
 * all the time. Rate and bounds are null when there is nothing to divide by.
 */
public record Proportion(int successes, int total, Double rate, Double low, Double high) {
    /** The 97.5th percentile of the standard normal distribution. */
    static final double Z95 = 1.959963984540054;

    public static Proportion of(int successes, int total) {
        if (successes < 0 || total < 0 || successes > total) {
            throw new IllegalArgumentException("not a proportion: " + successes + "/" + total);
        }
        if (total == 0) {
            return new Proportion(0, 0, null, null, null);
        }
        double n = total;
        double p = successes / n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = Z95 / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // at 0/n and n/n the outer bound is exactly 0 or 1; rounding would leave it a hair off
        double low = successes == 0 ? 0 : Math.max(0, centre - half);
        double high = successes == total ? 1 : Math.min(1, centre + half);
        return new Proportion(successes, total, p, low, high);
    }

    /** "3/10 30.0% [10.8%, 60.3%]", or "0/0 -". */
    public String describe() {
        if (rate == null) {
            return "0/0 -";
        }
        return String.format("%d/%d %.1f%% [%.1f%%, %.1f%%]", successes, total, 100 * rate, 100 * low, 100 * high);
    }
}
