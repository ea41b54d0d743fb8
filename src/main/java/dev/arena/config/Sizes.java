package dev.arena.config;

import dev.arena.ArenaException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses memory sizes as Docker users write them: {@code 512m}, {@code 4g}, {@code 4GiB}, bytes. */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?");

    private Sizes() {
    }

    public static long parseBytes(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw ArenaException.usage("invalid size '" + text + "': use for example 512m or 4g");
        }
        double value = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long bytes = (long) (value * (1L << shift));
        if (bytes < (6L << 20)) {
            throw ArenaException.usage("size '" + text + "' is too small: Docker needs at least 6m");
        }
        return bytes;
    }
}
