package dev.arena.k8s;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubeNamesTest {

    @Test
    void validLabelValuesStayAsTheyAre() {
        assertEquals("oracle", KubeNames.labelValue("oracle"));
        assertEquals("20250101-120000", KubeNames.labelValue("20250101-120000"));
        assertEquals("gpt-4.1_mini", KubeNames.labelValue("gpt-4.1_mini"));
        assertEquals("none", KubeNames.labelValue(null));
    }

    @Test
    void modelNamesWithSlashesAndColonsBecomeValidLabelValuesThatStayDistinct() {
        String a = KubeNames.labelValue("openrouter/anthropic/claude-sonnet-4:beta");
        String b = KubeNames.labelValue("openrouter/anthropic/claude-sonnet-4_beta");
        assertTrue(KubeNames.isLabelValue(a), a);
        assertTrue(a.startsWith("openrouter_anthropic_claude-sonnet-4_beta_"), a);
        assertNotEquals(a, b);
    }

    @Test
    void longValuesAreShortenedWithAHashAndEndWithAnAlphanumeric() {
        String v = KubeNames.labelValue("a".repeat(100));
        assertEquals(63, v.length());
        assertTrue(KubeNames.isLabelValue(v));
        assertNotEquals(v, KubeNames.labelValue("a".repeat(101)));
        String edges = KubeNames.labelValue("/-leading and trailing-/");
        assertTrue(KubeNames.isLabelValue(edges), edges);
    }

    @Test
    void jobNamesAreRfc1123AndAtMost63Characters() {
        assertEquals("arena-20250101-120000", KubeNames.jobName("20250101-120000"));
        String upper = KubeNames.jobName("My_Run.With.Dots");
        assertTrue(KubeNames.isDnsName(upper, 63), upper);
        String longName = KubeNames.jobName("x".repeat(80) + "-dataset-with-a-very-long-name");
        assertEquals(63, longName.length());
        assertTrue(KubeNames.isDnsName(longName, 63), longName);
        assertNotEquals(longName, KubeNames.jobName("x".repeat(81) + "-dataset-with-a-very-long-name"));
    }
}
