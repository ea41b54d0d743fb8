package dev.arena.report;

/**
 * The two multi-attempt scores of one task with {@code n} attempts of which {@code c} passed.
 * Both are written as products of ratios: the binomial coefficients themselves overflow a long
 * by n = 67 and lose precision in a double long before that.
 */
public final class PassAtK {
    private PassAtK() {
    }

    /**
     * pass@k: the chance that at least one of k attempts drawn without replacement passes,
     * the unbiased estimator 1 - C(n-c, k) / C(n, k).
     */
    public static double passAtK(int n, int c, int k) {
        check(n, c, k);
        if (n - c < k) {
            return 1.0; // every draw of k attempts contains a passing one
        }
        // C(n-c, k) / C(n, k) = prod over i in (n-c, n] of (1 - k / i)
        double allFail = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            allFail *= 1.0 - (double) k / i;
        }
        return 1.0 - allFail;
    }

    /** pass^k: the chance that all k attempts drawn without replacement pass, C(c, k) / C(n, k). */
    public static double passHatK(int n, int c, int k) {
        check(n, c, k);
        if (c < k) {
            return 0.0;
        }
        double allPass = 1.0;
        for (int i = 0; i < k; i++) {
            allPass *= (double) (c - i) / (n - i);
        }
        return allPass;
    }

    private static void check(int n, int c, int k) {
        if (k < 1 || k > n || c < 0 || c > n) {
            throw new IllegalArgumentException("need 1 <= k <= n and 0 <= c <= n, got n=" + n + " c=" + c + " k=" + k);
        }
    }
}
