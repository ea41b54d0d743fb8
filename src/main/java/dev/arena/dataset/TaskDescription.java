package dev.arena.dataset;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed {@code task_description.txt}. The block and the legacy layouts both end up here, so the rest of
 * the engine never needs to know which one a dataset used.
 *
 * @param title        the {@code Task: x} line or {@code title} key, else null
 * @param text         the whole description body; never blank
 * @param instructions the part after {@code Instructions:} or the {@code instructions} key, else null
 * @param difficulty   as written, else null
 * @param category     as written, else null
 * @param tags         never null
 * @param metadata     every other scalar key, lower-cased, in file order
 */
public record TaskDescription(String title, String text, String instructions, String difficulty,
                              String category, List<String> tags, Map<String, String> metadata) {

    public TaskDescription {
        Objects.requireNonNull(text, "text");
        tags = tags == null ? List.of() : List.copyOf(tags);
        // Copied into a LinkedHashMap because Map.copyOf would lose the file order.
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * The text the agent should see. Instructions given under their own key are appended, since otherwise
     * the agent would never read them; instructions cut out of the block are already part of the text.
     */
    public String prompt() {
        if (instructions == null || instructions.isBlank() || squash(text).contains(squash(instructions))) {
            return text;
        }
        return text + "\n\nInstructions:\n" + instructions;
    }

    // Whitespace-insensitive, because instructions taken from the block were dedented on the way out.
    private static String squash(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
