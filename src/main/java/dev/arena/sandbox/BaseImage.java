package dev.arena.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the image a Dockerfile starts FROM, with build arguments substituted, so a failed pull
 * can name the image it needed.
 */
final class BaseImage {
    private static final Pattern ARG = Pattern.compile("(?i)^\\s*ARG\\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\\S*))?");
    private static final Pattern FROM = Pattern.compile("(?i)^\\s*FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)");
    /** {@code $VAR}, {@code ${VAR}} and {@code ${VAR:-default}}. */
    private static final Pattern VAR = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

    private BaseImage() {
    }

    static String of(Path dockerfile, Map<String, String> buildArgs) {
        try {
            return of(Files.readAllLines(dockerfile), buildArgs);
        } catch (IOException e) {
            return "(unknown)";
        }
    }

    static String of(List<String> lines, Map<String, String> buildArgs) {
        Map<String, String> args = new HashMap<>();
        for (String line : lines) {
            Matcher arg = ARG.matcher(line);
            if (arg.find()) {
                String name = arg.group(1);
                args.put(name, buildArgs.getOrDefault(name, arg.group(2) == null ? "" : arg.group(2).replace("\"", "")));
                continue;
            }
            Matcher from = FROM.matcher(line);
            if (from.find()) {
                return VAR.matcher(from.group(1)).replaceAll(m -> Matcher.quoteReplacement(substitute(m, args)));
            }
        }
        return "(no FROM line)";
    }

    private static String substitute(java.util.regex.MatchResult m, Map<String, String> args) {
        String name = m.group(1) != null ? m.group(1) : m.group(3);
        String value = args.getOrDefault(name, "");
        return value.isEmpty() && m.group(2) != null ? m.group(2) : value;
    }
}
