package dev.arena.report;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatisticsTest {
    private static final double Z2 = 1.959963984540054 * 1.959963984540054;

    @Test
    void wilsonAtZeroIsZeroToZSquaredOverNPlusZSquared() {
        Proportion p = Proportion.of(0, 10);
        assertEquals(0.0, p.rate());
        assertEquals(0.0, p.low());
        assertEquals(Z2 / (10 + Z2), p.high(), 1e-12);
        assertEquals(0.27753, p.high(), 1e-5); // 3.8415 / 13.8415
    }

    @Test
    void wilsonAtNIsNOverNPlusZSquaredToOne() {
        Proportion p = Proportion.of(10, 10);
        assertEquals(1.0, p.rate());
        assertEquals(10 / (10 + Z2), p.low(), 1e-12);
        assertEquals(0.72247, p.low(), 1e-5);
        assertEquals(1.0, p.high());
    }

    @Test
    void wilsonInBetween() {
        // 5/10: centre 0.5, half width z/(1+z²/10) * sqrt(0.025 + z²/400) = 0.26340
        Proportion half = Proportion.of(5, 10);
        assertEquals(0.23659, half.low(), 1e-5);
        assertEquals(0.76341, half.high(), 1e-5);
        // 1/4 by hand: centre (0.25 + 0.48015) / 1.96040 = 0.37245, half 0.32645
        Proportion quarter = Proportion.of(1, 4);
        assertEquals(0.04559, quarter.low(), 1e-5);
        assertEquals(0.69936, quarter.high(), 1e-5);
        assertEquals("1/4 25.0% [4.6%, 69.9%]", quarter.describe());
    }

    @Test
    void wilsonOfNothingHasNoRate() {
        Proportion p = Proportion.of(0, 0);
        assertNull(p.rate());
        assertNull(p.low());
        assertNull(p.high());
        assertEquals("0/0 -", p.describe());
        assertThrows(IllegalArgumentException.class, () -> Proportion.of(3, 2));
    }

    @Test
    void passAtKMatchesTheClosedForm() {
        for (int n = 1; n <= 30; n++) {
            for (int c = 0; c <= n; c++) {
                for (int k = 1; k <= n; k++) {
                    double closed = 1 - ratio(choose(n - c, k), choose(n, k));
                    assertEquals(closed, PassAtK.passAtK(n, c, k), 1e-12, "n=" + n + " c=" + c + " k=" + k);
                    assertEquals(ratio(choose(c, k), choose(n, k)), PassAtK.passHatK(n, c, k), 1e-12);
                }
            }
        }
    }

    @Test
    void passAtKByHand() {
        assertEquals(0.3, PassAtK.passAtK(10, 3, 1), 1e-12);          // pass@1 is c/n
        assertEquals(1 - 21.0 / 45, PassAtK.passAtK(10, 3, 2), 1e-12); // 1 - C(7,2)/C(10,2)
        assertEquals(1.0, PassAtK.passAtK(5, 4, 2));                 // fewer than k failures
        assertEquals(3.0 / 45, PassAtK.passHatK(10, 3, 2), 1e-12);    // C(3,2)/C(10,2)
        assertEquals(0.0, PassAtK.passHatK(10, 1, 2));
        // large n stays finite where C(n, k) would overflow a long
        double big = PassAtK.passAtK(200, 1, 100);
        assertEquals(0.5, big, 1e-12);
        assertThrows(IllegalArgumentException.class, () -> PassAtK.passAtK(3, 1, 4));
    }

    @Test
    void mcNemarOnSmallTables() {
        assertEquals(0.125, McNemar.pValue(1, 6), 1e-12);   // 2 * (1 + 7) / 128
        assertEquals(0.125, McNemar.pValue(6, 1), 1e-12);
        assertEquals(0.0625, McNemar.pValue(0, 5), 1e-12);  // 2 / 32
        assertEquals(1.0, McNemar.pValue(3, 3));
        assertEquals(1.0, McNemar.pValue(0, 0));
        assertEquals(1.0, McNemar.pValue(2, 3), 1e-12);     // 2 * (1 + 5 + 10) / 32 = 1
        assertEquals(2 * (1 + 10 + 45) / 1024.0, McNemar.pValue(2, 8), 1e-12);
        double huge = McNemar.pValue(1200, 1000);
        assertTrue(huge > 0 && huge < 1e-4, "p = " + huge);
    }

    private static BigInteger choose(int n, int k) {
        if (k < 0 || k > n) {
            return BigInteger.ZERO;
        }
        BigInteger r = BigInteger.ONE;
        for (int i = 1; i <= k; i++) {
            r = r.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
        }
        return r;
    }

    private static double ratio(BigInteger a, BigInteger b) {
        return new BigDecimal(a).divide(new BigDecimal(b), MathContext.DECIMAL128).doubleValue();
    }
}
