package dev.arena.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code task_description.txt} in its block form ({@code task_description: |} plus metadata keys) and
 * its legacy form (plain {@code key: value} lines, maybe after free intro lines). The files are YAML-like
 * but hand-written, so this is a forgiving line scanner rather than a YAML parser.
 */
public final class DescriptionParser {

    // Only column-0, identifier-like keys are top-level, so "  Files to Modify:" stays inside the text.
    private static final Pattern KEY = Pattern.compile("([A-Za-z_][A-Za-z0-9_ -]*):(?:[ \\t]+(.*))?");
    private static final Pattern BLOCK_MARKER = Pattern.compile("[|>][0-9+-]{0,3}(?:\\s+#.*)?");
    private static final Set<String> DESCRIPTION_KEYS = Set.of("task_description", "description", "task");
    // Hand-written prose often runs on at column 0; for these keys such lines continue the value.
    private static final Set<String> PROSE_KEYS = Set.of("task_description", "description", "task", "instructions");

    /** A key with its continuation lines; key == null marks free lines that belong to no key. */
    private record Entry(String key, String inline, Character blockStyle, List<String> lines) {
    }

    private DescriptionParser() {
    }

    public static TaskDescription parse(String content) throws DescriptionException {
        List<String> lines = normalize(content == null ? "" : content);
        if (lines.stream().allMatch(String::isBlank)) {
            throw new DescriptionException("task description is empty");
        }
        return assemble(scan(lines));
    }

    private static List<String> normalize(String content) {
        String s = content.startsWith("\uFEFF") ? content.substring(1) : content;
        List<String> lines = new ArrayList<>();
        for (String line : s.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            lines.add(line.stripTrailing());
        }
        if (!lines.isEmpty() && lines.get(0).equals("---")) {
            lines.remove(0); // a YAML document marker carries no content
        }
        return lines;
    }

    private static List<Entry> scan(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        Entry current = null;
        for (String line : lines) {
            Matcher key = KEY.matcher(line);
            if (key.matches()) {
                String inline = key.group(2) == null ? "" : key.group(2).strip();
                boolean block = BLOCK_MARKER.matcher(inline).matches();
                current = new Entry(key.group(1).strip(), block ? "" : inline,
                        block ? inline.charAt(0) : null, new ArrayList<>());
                entries.add(current);
            } else {
                if (current == null || !continues(current, line)) {
                    current = new Entry(null, "", null, new ArrayList<>());
                    entries.add(current);
                }
                current.lines().add(line);
            }
        }
        return entries;
    }

    private static boolean continues(Entry entry, String line) {
        if (entry.key() == null || entry.blockStyle() != null || PROSE_KEYS.contains(canonical(entry.key()))) {
            return true;
        }
        // Short keys take indented lines, and column-0 "- item" lines after an empty value (a YAML list).
        return line.isEmpty() || Character.isWhitespace(line.charAt(0))
                || (entry.inline().isEmpty() && line.startsWith("-"));
    }

    private static TaskDescription assemble(List<Entry> entries) throws DescriptionException {
        List<String> parts = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        String title = null, instructions = null, difficulty = null, category = null;
        List<String> tags = List.of();
        boolean described = false;
        for (Entry e : entries) {
            String value = value(e);
            String key = e.key() == null ? null : canonical(e.key());
            if (key == null || (DESCRIPTION_KEYS.contains(key) && !described && !value.isEmpty())) {
                parts.add(value);
                described |= key != null;
                continue;
            }
            switch (key) {
                case "title" -> title = emptyToNull(value);
                case "instructions" -> instructions = emptyToNull(value);
                case "difficulty" -> difficulty = emptyToNull(value);
                case "category" -> category = emptyToNull(value);
                case "tags" -> tags = BlockText.items(e.inline(), e.lines());
                default -> {
                    if (!isList(e)) {
                        metadata.put(e.key().toLowerCase(Locale.ROOT), value);
                    }
                }
            }
        }
        String text = String.join("\n\n", parts.stream().filter(p -> !p.isBlank()).toList());
        if (text.isEmpty() && instructions == null) {
            List<String> keys = entries.stream().map(Entry::key).filter(Objects::nonNull).toList();
            throw new DescriptionException("no description text found, only the keys " + keys);
        }
        text = text.isEmpty() ? instructions : text; // instructions alone are still something to work on
        title = title != null ? title : BlockText.titleLine(text);
        instructions = instructions != null ? instructions : BlockText.afterInstructions(text);
        return new TaskDescription(title, text, instructions, difficulty, category, tags, metadata);
    }

    private static String value(Entry e) {
        String body = BlockText.dedent(e.lines());
        if (e.blockStyle() != null) {
            return e.blockStyle() == '>' ? BlockText.fold(body) : body;
        }
        if (body.isEmpty()) {
            return BlockText.unquote(e.inline());
        }
        return e.inline().isEmpty() ? body : e.inline() + "\n" + body;
    }

    private static boolean isList(Entry e) {
        List<String> items = e.lines().stream().filter(l -> !l.isBlank()).map(String::strip).toList();
        return e.blockStyle() == null && e.inline().isEmpty() && !items.isEmpty()
                && items.stream().allMatch(l -> l.equals("-") || l.startsWith("- "));
    }

    private static String canonical(String key) {
        return key.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
