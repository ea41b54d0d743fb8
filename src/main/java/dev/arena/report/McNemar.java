package dev.arena.report;

/**
 * The exact two-sided McNemar test for two runs on the same tasks: under "the runs are equally
 * good" each discordant task (passed in one run only) is a fair coin, so the p-value is a
 * two-sided binomial test of b against Binomial(b + c, 1/2). Concordant tasks carry no evidence.
 */
public final class McNemar {
    private McNemar() {
    }

    /** Two-sided exact p-value for b tasks passed only by the first run and c only by the second. */
    public static double pValue(int b, int c) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + b + ", " + c);
        }
        int n = b + c;
        int tail = Math.min(b, c);
        if (n == 0 || 2 * tail == n) {
            return 1.0;
        }
        // P(X <= tail) for X ~ Binomial(n, 1/2), summed in log space: 0.5^n underflows past n = 1074
        double logHalfN = -n * Math.log(2);
        double logChoose = 0; // log C(n, 0)
        double sum = Math.exp(logHalfN);
        for (int i = 1; i <= tail; i++) {
            logChoose += Math.log(n - i + 1) - Math.log(i);
            sum += Math.exp(logChoose + logHalfN);
        }
        return Math.min(1.0, 2 * sum);
    }
}
