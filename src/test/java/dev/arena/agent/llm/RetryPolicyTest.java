package dev.arena.agent.llm;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {
    private static RetryPolicy policy(double random) {
        return new RetryPolicy(6, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(2), () -> random);
    }

    @Test
    void delaysGrowExponentiallyWithJitterUpToTheCap() {
        assertEquals(Duration.ofSeconds(1), policy(0).delay(1, null));
        assertEquals(Duration.ofMillis(1999), policy(0.9995).delay(1, null), "never more than the full delay");
        assertEquals(Duration.ofSeconds(4), policy(0).delay(3, null));
        assertEquals(Duration.ofSeconds(15), policy(0).delay(10, null), "half of the 30 s cap");
        assertEquals(Duration.ofMillis(22_500), policy(0.5).delay(20, null));
    }

    @Test
    void retryAfterWinsUpToItsCap() {
        assertEquals(Duration.ofSeconds(7), policy(0.3).delay(1, Duration.ofSeconds(7)));
        assertEquals(Duration.ofMinutes(2), policy(0.3).delay(1, Duration.ofHours(1)));
        assertEquals(Duration.ZERO, policy(0.3).delay(4, Duration.ZERO));
    }

    @Test
    void rateLimitsTimeoutsAndServerErrorsAreRetryableClientErrorsAreNot() {
        for (int status : new int[] {408, 409, 429, 500, 502, 503, 529}) {
            assertTrue(RetryPolicy.retryable(status), "" + status);
        }
        for (int status : new int[] {400, 401, 403, 404, 422}) {
            assertFalse(RetryPolicy.retryable(status), "" + status);
        }
    }

    @Test
    void retryAfterHeadersAreReadInEveryForm() {
        assertEquals(Duration.ofMillis(1500), HttpTransport.retryAfter("1500", "9"), "retry-after-ms first");
        assertEquals(Duration.ofSeconds(9), HttpTransport.retryAfter(null, "9"));
        assertEquals(Duration.ofMillis(2500), HttpTransport.retryAfter(null, "2.5"));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        Duration fromDate = HttpTransport.retryAfter(null, date);
        assertTrue(fromDate.toSeconds() >= 25 && fromDate.toSeconds() <= 30, fromDate.toString());
        assertNull(HttpTransport.retryAfter(null, null));
        assertNull(HttpTransport.retryAfter(null, "soon"));
    }

    @Test
    void apiErrorMessagesAreReadFromTheBodyOnOneLine() {
        assertEquals("bad key", HttpTransport.apiMessage("{\"type\":\"error\",\"error\":{\"type\":\"auth\",\"message\":\"bad key\"}}"));
        assertEquals("<html> gateway </html>", HttpTransport.apiMessage("<html>\ngateway\n</html>"));
    }
}
