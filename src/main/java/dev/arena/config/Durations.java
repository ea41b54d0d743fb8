package dev.arena.config;

import dev.arena.ArenaException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as people write them: {@code 90s}, {@code 30m}, {@code 1h30m}, {@code 45} (seconds), {@code PT30M}. */
public final class Durations {
    private static final Pattern HUMAN = Pattern.compile("(?i)(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?");

    private Durations() {
    }

    public static Duration parse(String text) {
        try {
            return parseChecked(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw ArenaException.usage("duration '" + text + "' is too large");
        }
    }

    private static Duration parseChecked(String text) {
        String s = text.strip();
        if (s.matches("\\d+")) {
            return positive(Duration.ofSeconds(Long.parseLong(s)), text);
        }
        if (s.toUpperCase().startsWith("PT")) {
            try {
                return positive(Duration.parse(s.toUpperCase()), text);
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        Matcher m = HUMAN.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw invalid(text);
        }
        Duration d = Duration.ZERO;
        if (m.group(1) != null) {
            d = d.plusHours(Long.parseLong(m.group(1)));
        }
        if (m.group(2) != null) {
            d = d.plusMinutes(Long.parseLong(m.group(2)));
        }
        if (m.group(3) != null) {
            d = d.plusSeconds(Long.parseLong(m.group(3)));
        }
        return positive(d, text);
    }

    /** {@code 1h30m}, {@code 45s}: the short form, for messages. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 > 0 || out.length() == 0) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }

    private static Duration positive(Duration d, String text) {
        if (d.isZero() || d.isNegative()) {
            throw invalid(text);
        }
        return d;
    }

    private static ArenaException invalid(String text) {
        return ArenaException.usage("invalid duration '" + text + "': use for example 90s, 30m, 1h30m or a number of seconds");
    }
}
